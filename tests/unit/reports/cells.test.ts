import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { centsToEuros, headerFooterText, isoToExcelDate, neutraliseFormula } from '../../../electron/reports/excel/cells';

describe('neutraliseFormula (formula injection)', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ['+33 4 77 00 00 00', "'+33 4 77 00 00 00"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['＝1+1', "'＝1+1"],
  ])('quotes %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it.each(['CPTS Rives du Léman', 'Saint-Pourçain-sur-Sioule', '', 'a=b', "L'Isère", '2A'])('leaves %j as it is', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
  });

  it('never leaves a text starting with a formula character, and only ever adds one quote', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = neutraliseFormula(s);
        expect(/^[=+\-@\t\r＝＋－＠]/u.test(out)).toBe(false);
        expect(out === s || out === `'${s}`).toBe(true);
      }),
    );
  });
});

describe('Excel cell values', () => {
  it('turns cents into euros and ISO dates into UTC midnights (no time-zone shift)', () => {
    expect(centsToEuros(2_646_517)).toBe(26_465.17);
    expect(isoToExcelDate('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('escapes & in page headers', () => {
    expect(headerFooterText('CPTS Loire & Forez')).toBe('CPTS Loire && Forez');
  });
});
