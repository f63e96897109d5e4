// Tests of the bounce lookup parser (static/lookup.js) on real-shaped
// bounces kept in testdata/bounces. Run: node --test test/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('../static/lookup.js');

const dir = path.join(__dirname, '..', 'testdata', 'bounces');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));

test('every sample has an expectation', () => {
  const samples = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  assert.deepStrictEqual(samples, Object.keys(expected).sort());
  assert.ok(samples.length >= 20, `only ${samples.length} samples`);
});

for (const [name, want] of Object.entries(expected)) {
  test(name, () => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    assert.deepStrictEqual(parse(text), want);
  });
}
