import { describe, expect, it } from 'vitest';
import { RegistrantContact } from '../../src/registrar/port.ts';

const valid = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  street: '12 St James Square',
  city: 'London',
  zip: 'SW1Y 4JH',
  country: 'gb',
  phone: '+44.2071234567',
  email: 'ada@example.org',
};

describe('RegistrantContact', () => {
  it('accepts a complete contact and normalises the country code', () => {
    const c = RegistrantContact.parse({ ...valid, organization: '  ' });
    expect(c.country).toBe('GB');
    expect(c.organization).toBeUndefined();
  });

  it('accepts a phone number typed with spaces and dashes', () => {
    expect(RegistrantContact.parse({ ...valid, phone: '+49.30 123-456 78' }).phone).toBe('+49.3012345678');
  });

  it.each([
    ['phone', '02071234567'],
    ['phone', '+44 2071234567'],
    ['country', 'GBR'],
    ['country', 'XX'],
    ['email', 'ada@'],
    ['firstName', ' '],
    ['zip', ''],
  ])('rejects %s %j', (field, value) => {
    const result = RegistrantContact.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });
});
