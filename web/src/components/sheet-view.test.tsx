import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderPage } from '../test-support.js';
import { parseSheet, SheetView } from './sheet-view.js';

const SHEET = [
  '# Far end of hq ⇄ branch',
  '',
  '| Section | Parameter | Value | Where |',
  '|---|---|---|---|',
  '| IKE | Proposal | aes256gcm16 \\| prfsha256 | IKE proposal |',
  '| ESP | PFS | group 19 | IPsec policy |',
  '',
  '## Check',
  '',
  '- DH group 2 is weak',
  '',
  '## CLI',
  '',
  '```',
  'ike proposal 10',
  ' encryption-algorithm aes-256',
  '```',
  '',
].join('\n');

afterEach(cleanup);

describe('vendor worksheet', () => {
  it('parses the Markdown into a title, a table (escaped pipes kept), notes and the snippet', () => {
    expect(parseSheet(SHEET)).toEqual([
      { kind: 'heading', level: 1, text: 'Far end of hq ⇄ branch' },
      { kind: 'table', header: ['Section', 'Parameter', 'Value', 'Where'], rows: [['IKE', 'Proposal', 'aes256gcm16 | prfsha256', 'IKE proposal'], ['ESP', 'PFS', 'group 19', 'IPsec policy']] },
      { kind: 'heading', level: 2, text: 'Check' },
      { kind: 'list', items: ['DH group 2 is weak'] },
      { kind: 'heading', level: 2, text: 'CLI' },
      { kind: 'code', text: 'ike proposal 10\n encryption-algorithm aes-256' },
    ]);
  });

  it('renders a real table, no Markdown pipes on screen', () => {
    renderPage(<SheetView markdown={SHEET} />);
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Section', 'Parameter', 'Value', 'Where']);
    expect(screen.getAllByRole('row')).toHaveLength(3);
    expect(screen.getByRole('cell', { name: 'aes256gcm16 | prfsha256' })).toBeTruthy();
    expect(document.body.textContent).not.toContain('|---');
  });
});
