import { describe, expect, it } from 'vitest';
import { formatBytes, formatDetail, formatClock, formatDateTime, formatDuration, formatPercent, formatRate, secondsSince } from './format.js';

describe('formatBytes', () => {
  it('scales by 1024 and trims zeros', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(100 * 1024)).toBe('100 KB');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10.25 * 1024 * 1024)).toBe('10.3 MB');
    expect(formatBytes(500 * 1024 ** 3)).toBe('500 GB');
  });
  it('shows a dash for missing or nonsense values', () => {
    expect(formatBytes(undefined)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});

describe('formatRate', () => {
  it('converts bytes per second to bits', () => {
    expect(formatRate(125)).toBe('1.0 kbit/s');
    expect(formatRate(12.5e6)).toBe('100 Mbit/s');
    expect(formatRate(10)).toBe('80 bit/s');
  });
});

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(65)).toBe('1m 5s');
    expect(formatDuration(3725)).toBe('1h 2m');
    expect(formatDuration(90061)).toBe('1d 1h');
    expect(formatDuration(86400)).toBe('1d');
    expect(formatDuration(-3)).toBe('—');
  });
  it('counts seconds since a time', () => {
    expect(secondsSince('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:01:30Z'))).toBe(90);
    expect(secondsSince('garbage')).toBeUndefined();
  });
});

describe('clock and dates', () => {
  it('formats local times with zero padding', () => {
    const d = new Date(2026, 0, 2, 3, 4, 5);
    expect(formatClock(d.toISOString())).toBe('03:04');
    expect(formatDateTime(d.toISOString())).toBe('2026-01-02 03:04:05');
    expect(formatClock('nope')).toBe('—');
  });
  it('clamps percentages', () => {
    expect(formatPercent(0.954)).toBe('95%');
    expect(formatPercent(3)).toBe('100%');
  });
});

describe('formatDetail', () => {
  it('prints text as is and objects as key=value', () => {
    expect(formatDetail('IKE_SA established')).toBe('IKE_SA established');
    expect(formatDetail({ child: 'lan', reason: 'DPD timeout', empty: '', pid: 12 })).toBe('child=lan reason=DPD timeout pid=12');
    expect(formatDetail({ lastExit: { code: 1 } })).toBe('lastExit={"code":1}');
    expect(formatDetail(undefined)).toBe('');
  });
});
