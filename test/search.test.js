// Tests of the search's matching (static/search.js): diacritics folded in
// the Latin scripts, bigrams for runs of Japanese and Chinese, the ranking,
// and numbers and enhanced codes matched exactly. Run: node --test test/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { norm, fold, terms, index, search } = require('../static/search.js');

// doc makes a codes.json document of [code, title, summary, text] rows;
// a code with a dot is an enhanced code.
function doc(rows) {
  const d = { codes: [], enhanced: [] };
  for (const [code, title, summary, text] of rows) {
    if (String(code).includes('.')) d.enhanced.push({ code, title, summary, description: text || '' });
    else d.codes.push({ code, title, summary, description: text || '', reply_text: '' });
  }
  return d;
}

function codes(entries, q) {
  return search(entries, q).map((c) => String(c.code));
}

test('fold drops the diacritics of every Latin script', () => {
  for (const [text, want] of [
    ['hộp thư đầy', 'hop thu day'], // vi
    ['Đã gửi', 'da gui'],
    ['buzón señal más', 'buzon senal mas'], // es
    ['não ação caixa', 'nao acao caixa'], // pt-BR
    ['Größe überschritten Empfänger', 'grosse uberschritten empfanger'], // de
    ['GROẞE', 'grosse'],
    ['boîte pleine manœuvre Æther', 'boite pleine manoeuvre aether'], // fr
    ['L’adresse', "l'adresse"],
  ]) {
    assert.strictEqual(fold(norm(text)), want, `fold(norm(${JSON.stringify(text)}))`);
  }
});

test('norm reads full-width and half-width forms as their usual ones', () => {
  assert.strictEqual(norm('ＳＭＴＰ ５５２'), 'smtp 552');
  assert.strictEqual(norm('ﾒｰﾙﾎﾞｯｸｽ'), 'メールボックス');
});

test('fold keeps the voicing marks of kana', () => {
  assert.strictEqual(fold('ガイド'), 'ガイド');
  assert.notStrictEqual(fold('ガ'), fold('カ'));
});

test('terms splits a query into numbers, enhanced codes, CJK runs and words', () => {
  const got = terms('552の意味 5.1.1 SMTPエラー「メールボックス・満杯」');
  assert.deepStrictEqual(got.map((t) => t.q), ['552', 'の意味', '5.1.1', 'smtp', 'エラー', 'メールボックス', '満杯']);
  assert.strictEqual(got[0].num, true);
  assert.strictEqual(got[2].enhanced, '.1.1');
  assert.deepStrictEqual(got[1].grams.map((g) => g.q), ['の意', '意味']);
  assert.deepStrictEqual(got[6].grams.map((g) => g.q), ['満杯']);
  // ー is part of the run: メール, not メ and ル.
  assert.deepStrictEqual(terms('メール')[0].grams.map((g) => g.q), ['メー', 'ール']);
  // A character outside the Basic Multilingual Plane is one character.
  assert.deepStrictEqual(terms('𠮷野')[0].grams.map((g) => g.q), ['𠮷野']);
  assert.deepStrictEqual(terms('  ,、 '), []);
});

const ja = index(doc([
  [552, 'メールボックスが満杯', '受信者のメールボックスがいっぱいです。'],
  [550, 'メールボックス使用不可', 'メールボックスが存在しないか、受け付けません。'],
  [553, '許可されないメールボックス名', 'アドレスの構文が誤っています。'],
  [452, 'システムのストレージ不足', 'サーバーの容量が一時的に足りません。満杯のディスクなど。'],
  ['X.2.2', 'メールボックス容量超過', '受信者のメールボックスが容量制限に達しています。'],
  [421, 'サービス利用不可', 'サーバーが接続を閉じます。', 'グレーリスティングの場合もあります。'],
]));

test('ja: a run of CJK characters matches by its bigrams', () => {
  // The brief's case: the query runs the words together, the title has が.
  assert.deepStrictEqual(codes(ja, 'メールボックス満杯')[0], '552');
  // Two characters of a title find it.
  assert.deepStrictEqual(codes(ja, '満杯').slice(0, 2), ['552', '452']);
  assert.deepStrictEqual(codes(ja, '超過'), ['X.2.2']);
  // One character matches as it is.
  assert.deepStrictEqual(codes(ja, '杯'), ['552', '452']);
  // In the text as well as the title and the summary.
  assert.deepStrictEqual(codes(ja, 'グレーリスティング'), ['421']);
  // Half-width katakana find the full-width.
  assert.deepStrictEqual(codes(ja, 'ｸﾞﾚｰﾘｽﾃｨﾝｸﾞ'), ['421']);
  // Half the bigrams is enough: 存在 of 存在感; fewer is no match: 存在
  // alone of 存在感覚.
  assert.deepStrictEqual(codes(ja, '存在感'), ['550']);
  assert.deepStrictEqual(codes(ja, '存在感覚'), []);
  assert.deepStrictEqual(codes(ja, '不在通知'), []);
});

test('ja: more bigrams and the title rank higher', () => {
  // Every mailbox title has the six bigrams of メールボックス; the one with
  // 満杯 too comes first, the others in the order of their codes. 452 (満杯
  // in its summary) does not come at all: one bigram of eight.
  assert.deepStrictEqual(codes(ja, 'メールボックス満杯'), ['552', '550', '553', 'X.2.2']);
  // 容量 in the title of X.2.2 outranks 容量 in the summary of 452.
  assert.deepStrictEqual(codes(ja, '容量'), ['X.2.2', '452']);
  // Two bigrams of three, 容量 and 不足, in 452; X.2.2 has one.
  assert.deepStrictEqual(codes(ja, '容量不足'), ['452']);
});

test('ja: every word of the query must match', () => {
  assert.deepStrictEqual(codes(ja, 'メールボックス 超過'), ['X.2.2']);
  assert.deepStrictEqual(codes(ja, 'メールボックス relay'), []);
});

test('numbers and enhanced codes are matched exactly, in any language', () => {
  assert.deepStrictEqual(codes(ja, '552')[0], '552');
  assert.deepStrictEqual(codes(ja, '５５２')[0], '552');
  assert.deepStrictEqual(codes(ja, '55'), ['550', '552', '553']);
  assert.deepStrictEqual(codes(ja, '5.2.2'), ['X.2.2']);
  assert.deepStrictEqual(codes(ja, 'x.2.2'), ['X.2.2']);
  assert.deepStrictEqual(codes(ja, '5.9.9'), []);
  // A number and the words after it: 552 first, then what mentions 552.
  assert.deepStrictEqual(codes(ja, '552の満杯')[0], '552');
});

const zh = index(doc([
  [552, '超出存储分配', '收件人的邮箱已满，或邮件大于服务器接受的大小。'],
  [550, '邮箱不可用', '邮箱不存在或拒绝接收。'],
  ['X.2.2', '邮箱已满', '收件人的邮箱已达到容量上限。'],
  [421, '服务不可用', '服务器将关闭连接。'],
]));

test('zh-CN: runs of Han characters match by bigrams', () => {
  assert.deepStrictEqual(codes(zh, '邮箱已满'), ['X.2.2', '552']);
  assert.deepStrictEqual(codes(zh, '已满'), ['X.2.2', '552']);
  assert.deepStrictEqual(codes(zh, '满'), ['X.2.2', '552']);
  assert.deepStrictEqual(codes(zh, '邮箱'), ['550', 'X.2.2', '552']);
  assert.deepStrictEqual(codes(zh, '不可用'), ['421', '550']);
  assert.deepStrictEqual(codes(zh, '邮箱，不可用'), ['550']);
  // A code typed after Chinese punctuation (an IME's full-width comma,
  // colon or space) is its own term.
  for (const q of ['邮箱已满，5.2.2', '邮箱已满：5.2.2', '邮箱已满\u30005.2.2', '邮箱已满、5.2.2']) {
    assert.deepStrictEqual(codes(zh, q), ['X.2.2'], q);
  }
});

test('Latin scripts: a query without diacritics finds the text with them', () => {
  const cases = [
    ['vi', [[552, 'Vượt quá dung lượng cho phép', 'Hộp thư người nhận đã đầy.'], [250, 'Hoàn tất', 'Đây là thư.']], [['hộp thư đầy', ['552']], ['hop thu day', ['552']], ['hộp thư', ['552']], ['day', ['250', '552']]]],
    ['es', [[552, 'Buzón lleno', 'El buzón del destinatario está lleno.'], [550, 'Buzón no disponible', 'No existe.']], [['buzon lleno', ['552']], ['buzón', ['550', '552']], ['BUZÓN', ['550', '552']], ['esta lleno', ['552']]]],
    ['pt-BR', [[552, 'Armazenamento excedido', 'A caixa de correio do destinatário está cheia.'], [421, 'Serviço não disponível', 'Ação necessária.']], [['servico nao', ['421']], ['acao', ['421']], ['destinatario', ['552']]]],
    ['de', [[552, 'Speicherplatz überschritten', 'Das Postfach ist voll oder die Größe zu hoch.'], [550, 'Postfach nicht verfügbar', 'Empfänger unbekannt.']], [['grosse', ['552']], ['größe', ['552']], ['GRÖSSE', ['552']], ['uberschritten', ['552']], ['ueberschritten', ['552']], ['groesse', ['552']], ['empfaenger', ['550']], ['verfuegbar', ['550']], ['empfanger', ['550']], ['postfach voll', ['552']]]],
    ['fr', [[552, 'Stockage dépassé', 'La boîte aux lettres est pleine : une manœuvre s’impose.'], [553, 'Nom de boîte refusé', 'L’adresse est mal formée.']], [['boite pleine', ['552']], ['manoeuvre', ['552']], ['manœuvre', ['552']], ["l'adresse", ['553']], ['depasse', ['552']]]],
  ];
  for (const [lang, rows, queries] of cases) {
    const entries = index(doc(rows));
    for (const [q, want] of queries) {
      assert.deepStrictEqual(codes(entries, q), want, `${lang}: search(${JSON.stringify(q)})`);
    }
  }
});

test('the exact spelling ranks above the folded one', () => {
  // In Vietnamese folding merges different words: đầy (full) and đây (here).
  const vi = index(doc([[250, 'Thư ở đây', ''], [552, 'Hộp thư đầy', '']]));
  assert.deepStrictEqual(codes(vi, 'đầy'), ['552', '250']);
  assert.deepStrictEqual(codes(vi, 'đây'), ['250', '552']);
  assert.deepStrictEqual(codes(vi, 'day'), ['250', '552']);
});

test('English: words match as substrings, the title first', () => {
  const en = index(doc([
    [552, 'Exceeded Storage Allocation', 'The mailbox is full.'],
    ['X.2.2', 'Mailbox Full', 'The mailbox is over quota.'],
    [550, 'Mailbox Unavailable', 'No such user.'],
  ]));
  assert.deepStrictEqual(codes(en, 'mailbox full'), ['X.2.2', '552']);
  assert.deepStrictEqual(codes(en, 'Mailbox'), ['550', 'X.2.2', '552']);
  assert.deepStrictEqual(codes(en, 'quota'), ['X.2.2']);
  assert.deepStrictEqual(codes(en, 'relay'), []);
  assert.deepStrictEqual(codes(en, '   '), []);
});

test('search returns at most eight results', () => {
  const rows = [];
  for (let i = 0; i < 20; i++) rows.push([500 + i, 'メールボックス' + i, '']);
  assert.strictEqual(search(index(doc(rows)), 'メール').length, 8);
});
