// Tests of the compare picker's pair list (static/picker.js). Run: node --test test/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { partners } = require('../static/picker.js');

test('every pair exists when the page gives no list', () => {
  assert.strictEqual(partners(undefined, '250'), null);
  assert.strictEqual(partners('', '250'), null);
});

test('a code pairs with the codes of the list, in either place', () => {
  const list = '250-251 250-552 354-552 450-550';
  assert.deepStrictEqual(partners(list, '250'), ['251', '552']);
  assert.deepStrictEqual(partners(list, '552'), ['250', '354']);
  assert.deepStrictEqual(partners(list, '550'), ['450']);
  assert.deepStrictEqual(partners(list, '221'), []);
});
