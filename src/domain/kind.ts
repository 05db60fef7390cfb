// The two backorder classes, as CentralNic Reseller sells them: regular, and Lite (a lower price for
// a lower priority: regular backorders of a name come first, and among Lite ones the earliest).

export const KINDS = ['regular', 'lite'] as const;

export type BackorderKind = (typeof KINDS)[number];

export const kindOf = (b: { lite: boolean }): BackorderKind => (b.lite ? 'lite' : 'regular');
