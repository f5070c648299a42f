/** Words for what the catalog says in codes: ISO 8601 durations, instants, mask strategies. */

const UNITS: [RegExp, string][] = [
  [/(\d+)D/, 'day'],
  [/(\d+)H/, 'hour'],
  [/(\d+)M/, 'minute'],
  [/(\d+)S/, 'second'],
];

/** `PT1H30M` → "1 hour 30 minutes"; anything unreadable is shown as it is. */
export function durationWords(iso: string): string {
  const m = /^P(\d+D)?(?:T(\d+H)?(\d+M)?(\d+S)?)?$/.exec(iso);
  if (!m) return iso;
  const parts = m.slice(1).filter(Boolean) as string[];
  const words = parts.map((part) => {
    const [re, unit] = UNITS.find(([r]) => r.test(part))!;
    const n = Number(re.exec(part)![1]);
    return `${n} ${unit}${n === 1 ? '' : 's'}`;
  });
  return words.join(' ') || iso;
}

/** How long ago an instant was, in the largest sensible unit. */
export function ago(instant: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(instant)) / 1000));
  const steps: [number, string][] = [
    [86_400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, unit] of steps) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** What each mask leaves of a value. */
export const MASK_WORDS: Record<string, string> = {
  partial: 'partly hidden (e.g. k***@example.com)',
  hash: 'replaced by a stable hash, so values still match',
  redact: 'replaced by a fixed placeholder',
  'year-only': 'only the year is shown',
  null: 'always null',
};
