import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/registrar/ispapi/reply.ts';

describe('ISPAPI reply parser', () => {
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
    ['an HTML error page', '<html><body>Bad Gateway</body></html>'],
  ])('turns %s into 423 (invalid response)', (_what, body) => {
    const reply = parseReply(body);
    expect(reply.code).toBe(423);
    expect(reply.properties).toEqual({});
  });
});
