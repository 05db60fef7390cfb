import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../src/registrar/wire/command.ts';

describe('ISPAPI command encoding', () => {
  it('writes KEY=VALUE lines joined by \\n with upper-case keys, skipping undefined', () => {
    expect(
      encodeCommand({ COMMAND: 'StatusDomain', domain: 'example.com', period: 1, ADMINCONTACT0: undefined }),
    ).toBe('COMMAND=StatusDomain\nDOMAIN=example.com\nPERIOD=1');
  });

  it('writes lists as KEY0, KEY1, …', () => {
    expect(encodeCommand({ COMMAND: 'X', NAMESERVER: ['ns1.example.net', 'ns2.example.net'] })).toBe(
      'COMMAND=X\nNAMESERVER0=ns1.example.net\nNAMESERVER1=ns2.example.net',
    );
  });

  it('writes an inline contact as OWNERCONTACT0FIELD lines, without absent fields', () => {
    const text = encodeCommand({
      COMMAND: 'AddDomainApplication',
      OWNERCONTACT0: { FIRSTNAME: 'Ada', lastname: 'Lovelace', ORGANIZATION: undefined, COUNTRY: 'GB' },
    });
    expect(text.split('\n')).toEqual([
      'COMMAND=AddDomainApplication',
      'OWNERCONTACT0FIRSTNAME=Ada',
      'OWNERCONTACT0LASTNAME=Lovelace',
      'OWNERCONTACT0COUNTRY=GB',
    ]);
  });

  it('strips CR and LF so a value cannot smuggle in another parameter', () => {
    const text = encodeCommand({
      COMMAND: 'AddDomainApplication',
      OWNERCONTACT0: { STREET: 'Main St 1\r\nOWNERCONTACT0EMAIL=evil@example.net' },
      DOMAIN: 'example.com\nCLASS=OTHER',
      LIST: ['a\rb'],
    });
    expect(text.split('\n')).toEqual([
      'COMMAND=AddDomainApplication',
      'OWNERCONTACT0STREET=Main St 1OWNERCONTACT0EMAIL=evil@example.net',
      'DOMAIN=example.comCLASS=OTHER',
      'LIST0=ab',
    ]);
  });
});
