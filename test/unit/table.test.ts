import { describe, expect, it } from 'vitest';
import { layoutTable, wrapIndented } from '../../src/wording/table.js';

describe('text tables sized to their content', () => {
  it('keeps a gap between columns however long the cells, and leaves out empty columns', () => {
    const lines = layoutTable(
      ['TYPE', 'NAME', 'ID', 'STATE'],
      [
        ['instance', 'kubernetes-master-with-a-long-name', 'i-0123456789abcdef0', ''],
        ['vpc', 'kubernetes-vpc', 'vpc-1', ''],
      ],
    );
    expect(lines).toEqual([
      'TYPE      NAME                                ID',
      'instance  kubernetes-master-with-a-long-name  i-0123456789abcdef0',
      'vpc       kubernetes-vpc                      vpc-1',
    ]);
  });

  it('cuts a cell at its cap with …, and wraps the last column at the width', () => {
    const lines = layoutTable(['A', 'NOTE'], [['abcdefgh', 'one two three four five']], {
      caps: [4],
      width: 16,
    });
    expect(lines).toEqual(['A     NOTE', 'abc…  one two', '      three four', '      five']);
    expect(wrapIndented('alpha beta gamma delta', 12, 2)).toEqual(['alpha beta', '  gamma', '  delta']);
  });
});
