import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger, redactPersonalData } from '#shared/http/logger';

const ID = '370102198807153518';
const PHONE = '13912873465';

describe('personal data never reaches a log line', () => {
  it('redacts ID-card numbers (18 and 15 digits, X check) and mobile numbers in any form', () => {
    expect(redactPersonalData(`id ${ID}, ${ID.slice(0, 17)}x and 370102880715351`)).toBe(
      'id [ID], [ID] and [ID]',
    );
    expect(redactPersonalData(`call ${PHONE} / +86 139 1287 3465 / 139-1287-3465 / +8613912873465`)).toBe(
      'call [PHONE] / [PHONE] / [PHONE] / [PHONE]',
    );
    expect(redactPersonalData(`"idNumber":"${ID}","phone":"${PHONE}"`)).toBe(
      '"idNumber":"[ID]","phone":"[PHONE]"',
    );
  });

  it('leaves ordinary values alone: ULIDs, dates, amounts, district codes, masked values', () => {
    const text =
      '01KA2M3N4P5Q6R7S8T9V0WXYZ0 2026-11-25T02:00:00.000Z 60000000 370102 370102********3518 139****3465';
    expect(redactPersonalData(text)).toBe(text);
  });

  describe('the logger', () => {
    let written: string;
    beforeEach(() => {
      written = '';
      for (const stream of [process.stdout, process.stderr]) {
        vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
          written += chunk.toString();
          return true;
        });
      }
      logger.setLogLevel('DEBUG');
    });
    afterEach(() => {
      logger.setLogLevel('SILENT');
      vi.restoreAllMocks();
    });

    it('redacts them in messages, attributes and error messages and stacks', () => {
      logger.debug(`saving ${ID}`, { phone: PHONE, nested: { list: [`x${PHONE}`] } });
      logger.error('failed', { error: new Error(`duplicate ${ID} for ${PHONE}`) });
      expect(written).toContain('saving [ID]');
      expect(written).toContain('duplicate [ID] for [PHONE]');
      expect(written).not.toContain(ID);
      expect(written).not.toContain(PHONE);
    });

    it('never logs the invocation event, even when asked to (POWERTOOLS_LOGGER_LOG_EVENT, logEvent: true)', () => {
      logger.logEventIfEnabled(
        { body: JSON.stringify({ idNumber: ID }), headers: { authorization: 'Bearer x' } },
        true,
      );
      expect(logger.shouldLogEvent(true)).toBe(false);
      expect(written).toBe('');
    });
  });
});
