import { describe, expect, it } from 'vitest';
import { offending, sourcesUnder } from './sources.ts';

// src/ is the core: the entry points (app/) compose it with the bots (bots/), never the other way
// round, and no platform's SDK is loaded by it, so a new front end plugs in without touching it.

const PLATFORM_SDKS = /^(grammy|@grammyjs\/|@slack\/|discord\.js|discord-api-types|@discordjs\/)/;

describe('the core is sealed', () => {
  const core = sourcesUnder('src');

  it('imports nothing from the bots or the entry points', () => {
    expect(offending(core, (m) => m.startsWith('bots/') || m.startsWith('app/'))).toEqual([]);
  });

  it("imports no platform's SDK", () => {
    expect(offending(core, (m) => PLATFORM_SDKS.test(m))).toEqual([]);
  });

  it('names no platform: each adapter declares its channel, routes and templates (config is the one schema of all settings)', () => {
    const PLATFORM = /telegram|slack|discord/i;
    // string literals outside comments (a comment may well say which platform an example comes from)
    const literals = (text: string) =>
      [
        ...text.replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1').matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g),
      ].map((m) => m[2] as string);
    const naming = core
      .filter((s) => s.path !== 'src/config.ts' && s.path !== 'src/secrets.ts')
      .flatMap((s) =>
        literals(s.text)
          .filter((l) => PLATFORM.test(l))
          .map((l) => `${s.path}: ${l}`),
      );
    expect(naming).toEqual([]);
    // the scan itself works: the settings do name the platforms
    const config = core.find((s) => s.path === 'src/config.ts')!;
    expect(literals(config.text).some((l) => PLATFORM.test(l))).toBe(true);
  });

  it('the entry points live in app/ and are where the bots are composed with the core', () => {
    // the scan itself works: it sees the service's entry point import the bots and the core
    const main = sourcesUnder('app').find((s) => s.path === 'app/main.ts');
    expect(main?.imports).toContain('bots/index.ts');
    expect(main?.imports.some((m) => m.startsWith('src/'))).toBe(true);
    expect(core.some((s) => s.path === 'src/main.ts' || s.path.startsWith('src/cli'))).toBe(false);
    expect(offending(sourcesUnder('bots'), (m) => PLATFORM_SDKS.test(m)).length).toBeGreaterThan(0);
  });
});
