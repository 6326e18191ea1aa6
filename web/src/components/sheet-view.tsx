import { Code, List, ScrollArea, Stack, Table, Title } from '@mantine/core';

/**
 * The vendor worksheet arrives as Markdown (the same text is downloaded and pasted into tickets); on
 * screen it is shown as what it describes: a title, a parameter table, notes and the CLI snippet.
 */
export type SheetBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'text'; text: string };

/** Cells split on unescaped pipes; "\|" inside a cell is a pipe. */
function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

export function parseSheet(markdown: string): SheetBlock[] {
  const blocks: SheetBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
      blocks.push({ kind: 'code', text: body.join('\n') });
    } else if (/^#{1,6} /.test(line)) {
      blocks.push({ kind: 'heading', level: line.indexOf(' '), text: line.replace(/^#+ /, '') });
    } else if (line.startsWith('|')) {
      const header = cells(line);
      const rows: string[][] = [];
      // the separator line (|---|---|) follows the header
      for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(cells(lines[i]!));
      i--;
      blocks.push({ kind: 'table', header, rows });
    } else if (line.startsWith('- ')) {
      const items: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith('- '); i++) items.push(lines[i]!.slice(2));
      i--;
      blocks.push({ kind: 'list', items });
    } else if (line.trim()) {
      blocks.push({ kind: 'text', text: line });
    }
  }
  return blocks;
}

export function SheetView({ markdown }: { markdown: string }) {
  return (
    <Stack gap="sm">
      {parseSheet(markdown).map((b, i) => {
        if (b.kind === 'heading') return <Title key={i} order={b.level === 1 ? 4 : 5}>{b.text}</Title>;
        if (b.kind === 'code') return <Code key={i} block style={{ fontSize: 12 }}>{b.text}</Code>;
        if (b.kind === 'list') return <List key={i} size="sm">{b.items.map((x, j) => <List.Item key={j}>{x}</List.Item>)}</List>;
        if (b.kind === 'text') return <div key={i} style={{ fontSize: 14 }}>{b.text}</div>;
        return (
          <ScrollArea key={i} type="auto">
            <Table striped withTableBorder verticalSpacing={4} fz="sm" miw={560}>
              <Table.Thead>
                <Table.Tr>{b.header.map((h, j) => <Table.Th key={j}>{h}</Table.Th>)}</Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {b.rows.map((r, j) => (
                  <Table.Tr key={j}>{r.map((c, k) => <Table.Td key={k}>{c}</Table.Td>)}</Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        );
      })}
    </Stack>
  );
}
