import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchRouteTemplate, parseRouteTemplate } from '../../host/http/route-template.js';

const match = (template: string, path: string): Record<string, string> | undefined =>
  matchRouteTemplate(parseRouteTemplate(template), path === '' ? [] : path.split('/'));

describe('ASP.NET route templates', () => {
  const matches: [template: string, path: string, values: Record<string, string> | undefined][] = [
    ['orders', 'orders', {}],
    ['orders', 'ORDERS', {}],
    ['orders', 'orders/1', undefined],
    ['orders/{id}', 'orders/42', { id: '42' }],
    ['orders/{id}', 'orders', undefined],
    ['orders/{id?}', 'orders', {}],
    ['orders/{id?}', 'orders/7', { id: '7' }],
    ['orders/{id=first}', 'orders', { id: 'first' }],
    ['files/{*path}', 'files/a/b/c.txt', { path: 'a/b/c.txt' }],
    ['files/{**path}', 'files', {}],
    ['/~orders/{id}/', 'orders/1', undefined],
    ['{{literal}}/{id}', '{literal}/1', { id: '1' }],
    ['items/{id:int}', 'items/-12', { id: '-12' }],
    ['items/{id:int}', 'items/2147483648', undefined],
    ['items/{id:long}', 'items/2147483648', { id: '2147483648' }],
    ['items/{id:long}', 'items/9223372036854775808', undefined],
    ['items/{id:int}', 'items/1.5', undefined],
    ['flags/{on:bool}', 'flags/True', { on: 'True' }],
    ['flags/{on:bool}', 'flags/yes', undefined],
    [
      'ids/{id:guid}',
      'ids/0f8fad5b-d9cb-469f-a165-70867728950e',
      { id: '0f8fad5b-d9cb-469f-a165-70867728950e' },
    ],
    ['ids/{id:guid}', 'ids/0f8fad5bd9cb469fa16570867728950e', { id: '0f8fad5bd9cb469fa16570867728950e' }],
    [
      'ids/{id:guid}',
      'ids/{0f8fad5b-d9cb-469f-a165-70867728950e}',
      { id: '{0f8fad5b-d9cb-469f-a165-70867728950e}' },
    ],
    ['ids/{id:guid}', 'ids/0f8fad5b-d9cb-469f-a165', undefined],
    ['names/{name:alpha}', 'names/Ada', { name: 'Ada' }],
    ['names/{name:alpha}', 'names/Ada1', undefined],
    ['codes/{code:length(3)}', 'codes/abc', { code: 'abc' }],
    ['codes/{code:length(3)}', 'codes/abcd', undefined],
    ['codes/{code:length(2,4)}', 'codes/abcd', { code: 'abcd' }],
    ['codes/{code:minlength(2)}', 'codes/a', undefined],
    ['codes/{code:maxlength(2)}', 'codes/abc', undefined],
    ['pages/{n:min(1)}', 'pages/0', undefined],
    ['pages/{n:max(10)}', 'pages/10', { n: '10' }],
    ['pages/{n:range(1,3)}', 'pages/4', undefined],
    ['pages/{n:int:min(1)}', 'pages/5', { n: '5' }],
    ['prices/{p:double}', 'prices/1.25', { p: '1.25' }],
    ['days/{d:datetime}', 'days/2024-05-01', { d: '2024-05-01' }],
    ['days/{d:datetime}', 'days/tomorrow', undefined],
    // ASP.NET tests a regex anywhere in the value, ignoring case.
    ['skus/{sku:regex(^[a-z]{{2}}\\d+$)}', 'skus/AB12', { sku: 'AB12' }],
    ['skus/{sku:regex(^[a-z]{{2}}\\d+$)}', 'skus/A12', undefined],
    ['skus/{sku:regex(\\d)}', 'skus/x1y', { sku: 'x1y' }],
    ['tags/{tag:regex(a:b)}', 'tags/xa:by', { tag: 'xa:by' }],
  ];

  for (const [template, path, values] of matches) {
    it(`${values ? 'matches' : 'does not match'} "${path}" when the template is "${template}"`, () => {
      assert.deepEqual(match(template, path), values);
    });
  }

  const refused: [template: string, problem: RegExp][] = [
    ['items/{id:number}', /the route constraint "number" is not known/],
    ['items/{id:length()}', /"length" needs 1 or 2 whole-number argument/],
    ['items/{id:int(3)}', /"int" takes no arguments/],
    ['items/{id:regex(()}', /is not a valid pattern/],
    ['items/{id?}/details', /the optional parameter "id" must be at the end/],
    ['items/{*rest}/details', /the catch-all parameter "rest" must be the last segment/],
    ['items/{id}/{ID}', /the route parameter "ID" appears more than once/],
    ['items/{id=1?}', /cannot have a default value/],
    ['items/{id?=1}', /cannot be parsed near "\?=1"/],
    ['files/{name}.{ext}', /mixes literals and parameters in one segment/],
    ['items//{id}', /has an empty segment/],
    ['items/{id', /a "\{" has no matching "\}"/],
    ['items/id}', /a "\}" has no matching "\{"/],
  ];

  for (const [template, problem] of refused) {
    it(`refuses "${template}" with a message naming the problem`, () => {
      assert.throws(() => parseRouteTemplate(template), problem);
    });
  }
});
