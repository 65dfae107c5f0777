import { codeForWord, fieldForHeader } from './register-columns';

/* DOMAIN rule 6: every contract has one route; councils' registers write it in their own words. */
describe('contract routes as councils write them', () => {
  it.each([
    ['Novation', 'novate'],
    ['Novate', 'novate'],
    ['Assignment', 'assign'],
    ['assign', 'assign'],
    ['Re-procure', 'new-contract'],
    ['Reprocure', 'new-contract'],
    ['New contract', 'new-contract'],
    ['Procure new', 'new-contract'],
    ['Council retains & recharges', 'council-retains'],
    ['Council retains and recharges', 'council-retains'],
    ['Retain and recharge', 'council-retains'],
    ['COUNCIL KEEPS', 'council-retains'],
    ['Terminate', 'terminate'],
    ['Terminate at expiry', 'terminate'],
    ['End.', 'terminate'],
  ])('reads “%s” as %s', (word, code) => {
    expect(codeForWord('mechanism', word)).toBe(code);
  });

  it('reads no code from words that name none, nor for a field without words', () => {
    expect(codeForWord('mechanism', 'Sell it')).toBeUndefined();
    // A contract left to lapse needs no notice: an expiry decision, not the terminate route.
    expect(codeForWord('mechanism', 'Let lapse')).toBeUndefined();
    expect(codeForWord('mechanism', '')).toBeUndefined();
    expect(codeForWord('supplier', 'Novation')).toBeUndefined();
  });

  it.each(['Route', 'Proposed route', 'Treatment', 'Transfer route', 'Mechanism', 'Approach', 'Contract route'])('takes a “%s” column as the route', (header) => {
    expect(fieldForHeader('contract', header)).toBe('mechanism');
  });

  it.each(['Restricts assignment', 'Assignment restricted'])('takes a “%s” column as whether the contract restricts assignment', (header) => {
    expect(fieldForHeader('contract', header)).toBe('restrictsAssignment');
  });
});
