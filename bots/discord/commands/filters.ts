import { SlashCommandBooleanOption, SlashCommandIntegerOption, SlashCommandStringOption } from 'discord.js';
import { z } from 'zod';
import { normaliseZone } from '../../../src/index.ts';
import { esc } from '../format.ts';

// The search filters members can give (/drops, /alerts add), as slash-command options and as the
// core's search query. The core validates the query itself; these bounds only keep obviously
// wrong input from travelling further and mirror what Discord's client enforces.

export const keywordOption = () =>
  new SlashCommandStringOption()
    .setName('keyword')
    .setDescription('part of the name, e.g. shop; shop* starts with, *shop ends with')
    .setMaxLength(63);
export const zoneOption = () =>
  new SlashCommandStringOption().setName('zone').setDescription('only this zone, e.g. com').setMaxLength(63);
export const maxLengthOption = () =>
  new SlashCommandIntegerOption()
    .setName('max_length')
    .setDescription('at most this many characters before the zone')
    .setMinValue(1)
    .setMaxValue(63);
export const minScoreOption = () =>
  new SlashCommandIntegerOption()
    .setName('min_score')
    .setDescription('quality score (0-100) at least this')
    .setMinValue(0)
    .setMaxValue(100);
export const noDigitsOption = () =>
  new SlashCommandBooleanOption().setName('no_digits').setDescription('only names without digits');
export const noHyphensOption = () =>
  new SlashCommandBooleanOption().setName('no_hyphens').setDescription('only names without hyphens');

const text = z.string().trim().min(1, 'must not be empty').max(63, 'must be at most 63 characters');

export const filterSchema = z.object({
  keyword: text.optional(),
  zone: text.optional(),
  max_length: z.number().int().min(1).max(63).optional(),
  no_digits: z.boolean().optional(),
  no_hyphens: z.boolean().optional(),
  min_score: z.number().int().min(0).max(100).optional(),
});

/** The subset of the core's search query that Discord members use; stored as an alert rule's query. */
export interface Filters {
  keyword?: string;
  zones?: string[];
  maxLength?: number;
  noDigits?: boolean;
  noHyphens?: boolean;
  minScore?: number;
}

/** Zones are stored as the core stores them (`.COM` → `com`); a zone that cannot be one is refused here. */
export function filtersOf(o: z.output<typeof filterSchema>): Filters {
  return {
    ...(o.keyword !== undefined ? { keyword: o.keyword } : {}),
    ...(o.zone !== undefined ? { zones: [normaliseZone(o.zone)] } : {}),
    ...(o.max_length !== undefined ? { maxLength: o.max_length } : {}),
    ...(o.no_digits ? { noDigits: true } : {}),
    ...(o.no_hyphens ? { noHyphens: true } : {}),
    ...(o.min_score ? { minScore: o.min_score } : {}),
  };
}

/** "keyword shop, .com, at most 6 characters, no digits" */
export function describe(f: Filters): string {
  const parts: string[] = [];
  if (f.keyword) parts.push(`keyword “${esc(f.keyword)}”`);
  if (f.zones?.length) parts.push(f.zones.map((zone) => `.${esc(zone)}`).join(', '));
  if (f.maxLength !== undefined) parts.push(`at most ${f.maxLength} characters`);
  if (f.noDigits) parts.push('no digits');
  if (f.noHyphens) parts.push('no hyphens');
  if (f.minScore) parts.push(`score at least ${f.minScore}`);
  return parts.length ? parts.join(', ') : 'every name';
}
