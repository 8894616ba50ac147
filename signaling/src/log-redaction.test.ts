import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction';

describe('redactUrl', () => {
  it('hides credential parameters, keeps the path and the rest', () => {
    expect(redactUrl('/api/documents/d1/content?access=abc.def')).toBe('/api/documents/d1/content?access=[redacted]');
    expect(redactUrl('/join?code=123456&lang=en')).toBe('/join?code=[redacted]&lang=en');
    expect(redactUrl('/x?TOKEN=a&access%5Ftoken=b&page=2#frag')).toBe('/x?TOKEN=[redacted]&access%5Ftoken=[redacted]&page=2');
    expect(redactUrl('/x?refresh_token&y=1')).toBe('/x?refresh_token=[redacted]&y=1');
    expect(redactUrl('/plain/path')).toBe('/plain/path');
    expect(redactUrl('/x?%E0%A4%A=1&code=9')).toBe('/x?%E0%A4%A=1&code=[redacted]');
  });
});
