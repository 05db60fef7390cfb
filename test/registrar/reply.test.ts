import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/registrar/wire/reply.ts';

describe('registrar reply parser (HEXONET and CNR wire format)', () => {
  it('reads code, description and indexed properties', () => {
    const reply = parseReply(
      [
        '[RESPONSE]',
        'CODE = 200',
        'DESCRIPTION = Command completed successfully',
        'PROPERTY[APPLICATION][0] = 10700',
        'PROPERTY[APPLICATION][1] = 10701',
        'PROPERTY[STATUS][0] = ACTIVE',
        'QUEUETIME = 0',
        'RUNTIME = 0.05',
        'EOF',
      ].join('\n'),
    );
    expect(reply).toEqual({
      code: 200,
      description: 'Command completed successfully',
      properties: { APPLICATION: ['10700', '10701'], STATUS: ['ACTIVE'] },
    });
  });

  it('treats names case-insensitively with whitespace removed, and CRLF line ends', () => {
    const reply = parseReply(
      '[RESPONSE]\r\ncode=421\r\n Description  =  Command failed due to network problem \r\nproperty[ Auction-Url ][ 0 ] = https://a.example/x?y=1\r\nEOF\r\n',
    );
    expect(reply.code).toBe(421);
    expect(reply.description).toBe('Command failed due to network problem');
    expect(reply.properties).toEqual({ 'AUCTION-URL': ['https://a.example/x?y=1'] });
  });

  it("reads CNR's lower-case names with spaces or underscores as one key", () => {
    const reply = parseReply(
      [
        '[RESPONSE]',
        'code = 200',
        'description = Command completed successfully',
        'property[expiration date][0] = 2026-07-25 07:46:34',
        'property[CREATED_DATE][0] = 2025-07-25 07:46:34',
        'property[finalization_date][0] = 2026-08-01 10:00:00',
        'property[sessionid][0] = 6cc52071',
        'EOF',
      ].join('\r\n'),
    );
    expect(reply).toEqual({
      code: 200,
      description: 'Command completed successfully',
      properties: {
        EXPIRATIONDATE: ['2026-07-25 07:46:34'],
        CREATEDDATE: ['2025-07-25 07:46:34'],
        FINALIZATIONDATE: ['2026-08-01 10:00:00'],
        SESSIONID: ['6cc52071'],
      },
    });
  });

  it('splits each line at the first = only', () => {
    const reply = parseReply('[RESPONSE]\nCODE = 541\nDESCRIPTION = Invalid attribute value; CLASS=FOO\nEOF');
    expect(reply.description).toBe('Invalid attribute value; CLASS=FOO');
  });

  it('ignores whatever follows EOF', () => {
    const reply = parseReply(
      '[RESPONSE]\nCODE = 200\nDESCRIPTION = ok\nEOF\nPROPERTY[X][0] = late\nCODE = 500',
    );
    expect(reply).toEqual({ code: 200, description: 'ok', properties: {} });
  });

  it('fills gaps in a property list with empty strings', () => {
    const reply = parseReply(
      '[RESPONSE]\nCODE = 200\nDESCRIPTION = ok\nPROPERTY[A][0] = x\nPROPERTY[A][2] = z\nEOF',
    );
    expect(reply.properties.A).toEqual(['x', '', 'z']);
  });

  it('keeps an empty description as present', () => {
    expect(parseReply('CODE = 200\nDESCRIPTION =\nEOF').code).toBe(200);
  });

  it.each([
    ['an empty body', ''],
    ['only whitespace', ' \n\n'],
    ['no CODE', '[RESPONSE]\nDESCRIPTION = ok\nEOF'],
    ['no DESCRIPTION', '[RESPONSE]\nCODE = 200\nEOF'],
    ['a CODE that is not a number', '[RESPONSE]\nCODE = OK\nDESCRIPTION = ok\nEOF'],
    [
      'a body cut off before EOF',
      '[RESPONSE]\ncode = 200\ndescription = ok\nproperty[domain][0] = a.com\nproper',
    ],
    ['an HTML error page', '<html><body>Bad Gateway</body></html>'],
  ])('turns %s into 423 (invalid response)', (_what, body) => {
    const reply = parseReply(body);
    expect(reply.code).toBe(423);
    expect(reply.properties).toEqual({});
  });
});
