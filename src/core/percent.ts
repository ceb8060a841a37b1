/** Reads a PercentOrAbsolute value (`3` or `"25%"`). */
export function parsePercentOrAbsolute(raw: unknown, maxPercent = 100): { amount: number; percent: boolean } | undefined {
  if (typeof raw === 'number') {
    return Number.isInteger(raw) && raw >= 0 ? { amount: raw, percent: false } : undefined;
  }
  if (typeof raw === 'string') {
    const m = /^(\d+)%$/.exec(raw);
    const amount = m ? Number(m[1]) : NaN;
    return amount >= 0 && amount <= maxPercent ? { amount, percent: true } : undefined;
  }
  return undefined;
}
