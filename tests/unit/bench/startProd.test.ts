import { startProdNodeArgs } from '../../../bench/suite/productionMotlan';

describe('the benchmarks start Motlan as npm run start:prod does', () => {
  afterEach(() => delete process.env.MOTLAN_HEAP_MIB);

  it('when MOTLAN_HEAP_MIB is unset, then the heap is capped at start:prod\'s default', () => {
    expect(startProdNodeArgs()).toEqual(['--max-old-space-size=1536']);
  });

  it('when MOTLAN_HEAP_MIB is set, then it is the cap, as sh would expand it', () => {
    process.env.MOTLAN_HEAP_MIB = '1024';
    expect(startProdNodeArgs()).toEqual(['--max-old-space-size=1024']);
  });

  it('when start:prod stops being "node [flags] dist/src/main.js", then the benchmark refuses to guess', () => {
    expect(() => startProdNodeArgs('tsx src/main.ts')).toThrow(/is not "node \[flags\] dist\/src\/main.js"/);
  });
});
