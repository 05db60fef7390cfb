import { describe, expect, it } from 'vitest';
import { ADMIN, startSlack, textOf } from './harness.ts';

// `/backorder score`: a name's quality score with its parts, and the zones' bonuses, changed by
// staff and audited.

const h = await startSlack();

describe('/backorder score', () => {
  it("tells a name's score and every part of it", async () => {
    const text = textOf(await h.ask('score bestcar.com'));
    expect(text).toContain('*bestcar.com*: quality score *58*/100 (words)');
    expect(text).toContain('• words: 22 (best + car)');
    expect(text).toContain('• zone: 15');
  });

  it('lists the zone bonuses, sets one (audited) and removes it', async () => {
    expect(textOf(await h.ask('score zones'))).toMatch(/• \.com: \+15\n• \.net: \+8\n• \.org: \+8/);
    const set = textOf(await h.ask('score zones set .IO 5'));
    expect(set).toMatch(
      /\*\.io\* now adds 5 to a name's score\.\nListed names keep their scores until the next/,
    );
    expect(textOf(await h.ask('score shop.io'))).toContain('• zone: 5');
    const audit = await h.core.logs.list({ limit: 1 });
    expect(audit[0]).toMatchObject({ job: 'score', actor: `slack:${ADMIN}` });
    expect(textOf(await h.ask('score zones remove io'))).toMatch(/\*\.io\* has no bonus any more/);
    expect(textOf(await h.ask('score shop.io'))).toContain('• zone: 0');
  });

  it('explains what it cannot take', async () => {
    expect(textOf(await h.ask('score'))).toMatch(/NAME is missing/);
    expect(textOf(await h.ask('score zones set com 500'))).toMatch(
      /BONUS "500" is not a whole number from -50 to 50/,
    );
    expect(textOf(await h.ask('score zones move com'))).toMatch(/"move" is not a score zones sub-command/);
    expect(textOf(await h.ask('score not_a_name!'))).toMatch(/^Sorry, that did not work: /);
  });
});
