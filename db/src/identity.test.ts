import { describe, expect, it } from 'vitest';
import { deriveKey, idNumberCheckChar, idNumberHash, isValidIdNumber, maskIdNumber, normaliseIdNumber } from './identity';

describe('ID numbers (GB 11643)', () => {
  it('checks shape, birth date and check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber(' 110105 19491231002X ')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false); // wrong check character
    expect(isValidIdNumber('110105194902300029')).toBe(false); // 30 February
    expect(isValidIdNumber('11010518991231002X')).toBe(false); // before 1900
    expect(isValidIdNumber('1101051949123100')).toBe(false);
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it('masks all but the first and last four characters', () => {
    expect(maskIdNumber('330100196501011234')).toBe('3301**********1234');
    expect(normaliseIdNumber('11010519491231002x')).toBe('11010519491231002X');
  });

  it('hashes with a key derived per purpose, case-insensitively', () => {
    const k = deriveKey('secret-a', 'id-number');
    expect(idNumberHash(k, '11010519491231002x')).toBe(idNumberHash(k, '11010519491231002X'));
    expect(idNumberHash(k, '11010519491231002X')).not.toBe(idNumberHash(deriveKey('secret-b', 'id-number'), '11010519491231002X'));
    expect(deriveKey('secret-a', 'id-number').equals(deriveKey('secret-a', 'invite-code'))).toBe(false);
  });
});
