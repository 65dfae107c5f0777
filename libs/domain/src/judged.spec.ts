import { fold } from './decider';
import { findingDecider, FindingCommand, FindingEvent } from './findings/finding';
import { ProgrammeCommand, ProgrammeEvent, programmeDecider } from './programmes/programme';
import { programmeFactsOf } from './programmes/programme-facts.fixture';
import { ProgrammeFacts } from './programmes/programme-facts';
import { IllegalStateError } from './errors';
import { RegisterItemCommand, RegisterItemEvent, registerItemDecider } from './registers/register-item';

const programmeId = 'b4f3c2a1-0000-4000-8000-000000000001';
const NOW = '2026-11-22T10:00:00.000Z';
const registered: ProgrammeEvent = {
  type: 'ProgrammeRegistered',
  data: { programmeId, name: 'Northshire transition', council: 'Northshire County Council', newBody: 'Northshire Children’s Trust', legalForm: 'mutual', servicesInScope: ['children’s social care'], goLiveDate: '2027-04-01', registeredAt: '2026-01-05T09:00:00.000Z' },
};
const decide = (command: Omit<ProgrammeCommand, 'metadata'>) => programmeDecider.decide({ ...command, metadata: { now: NOW } } as ProgrammeCommand, fold(programmeDecider, [registered]));

describe('board decisions carry the readiness rule-set version they were judged with', () => {
  it('records the version the application gives on a delivery confidence rating and a go / no-go decision', () => {
    expect(decide({ type: 'RecordBoardRating', data: { programmeId, decisionId: 'd-1', rating: 'amber', rationale: 'Behind plan', rulesetVersion: 2 } })[0].data).toMatchObject({ rulesetVersion: 2 });
    expect(decide({ type: 'DecideGoNoGo', data: { programmeId, decisionId: 'd-2', decision: 'no-go', reasons: 'ELI late', rulesetVersion: 2 } })[0].data).toMatchObject({ rulesetVersion: 2 });
  });

  it('leaves it out when none is given, so a decision reads as those recorded before versions (version 1)', () => {
    expect(decide({ type: 'RecordBoardRating', data: { programmeId, decisionId: 'd-1', rating: 'amber', rationale: 'Behind plan' } })[0].data).not.toHaveProperty('rulesetVersion');
  });

  it('records it on a risk acceptance', () => {
    const raised: FindingEvent = {
      type: 'FindingRaised',
      data: { programmeId, findingId: 'f-1', target: { kind: 'area', area: 'contracts' }, title: 'Consent refused', description: 'd', severity: 'high', owner: 'Legal', dueDate: '2027-01-31', evidence: [] },
    } as unknown as FindingEvent;
    const command = { type: 'AcceptFindingRisk', data: { findingId: 'f-1', decisionId: 'd-3', reason: 'Interim licence', expiresOn: '2027-06-30', rulesetVersion: 2 }, programme: programmeFactsOf({ programmeId, status: 'active', registeredAt: '2026-01-05T09:00:00.000Z', goLiveDate: '2027-04-01' }), metadata: { now: NOW } } as unknown as FindingCommand;
    expect(findingDecider.decide(command, fold(findingDecider, [raised]))[0].data).toMatchObject({ decisionId: 'd-3', rulesetVersion: 2 });
  });
});

describe('board decisions name the body that took them, as the programme settings allow', () => {
  const facts = (decisionBodies: ProgrammeFacts['settings']['decisionBodies']) =>
    programmeFactsOf({ programmeId, status: 'active', registeredAt: '2026-01-05T09:00:00.000Z', goLiveDate: '2027-04-01', settings: { decisionBodies, fourEyes: [] } });
  const cabinetAcceptsRisks = facts({ 'project-board': ['sla-recommendation'], 'council-cabinet': ['risk-acceptance'] });

  it('records the body and attendees on a risk acceptance, and refuses a body not allowed to accept risks', () => {
    const raised = {
      type: 'FindingRaised',
      data: { programmeId, findingId: 'f-1', target: { kind: 'area', area: 'contracts' }, title: 'Consent refused', description: 'd', severity: 'high', owner: 'Legal', dueDate: '2027-01-31', evidence: [] },
    } as unknown as FindingEvent;
    const accept = (body?: string) =>
      ({ type: 'AcceptFindingRisk', data: { findingId: 'f-1', decisionId: 'd-3', reason: 'Interim licence', expiresOn: '2027-06-30', ...(body ? { body } : {}), attendees: ['Leader'] }, programme: cabinetAcceptsRisks, metadata: { now: NOW } }) as unknown as FindingCommand;
    const state = fold(findingDecider, [raised]);
    expect(findingDecider.decide(accept('council-cabinet'), state)[0].data).toMatchObject({ body: 'council-cabinet', attendees: ['Leader'] });
    expect(() => findingDecider.decide(accept(), state)).toThrow(IllegalStateError);
    expect(() => findingDecider.decide(accept('project-board'), state)).toThrow('Project board may not take risk-acceptance decisions in this programme; bodies that may: Council cabinet');
  });

  it('records the body on an SLA decision, and refuses a body not allowed to decide SLA recommendations', () => {
    const programme = cabinetAcceptsRisks;
    const at = (command: object) => ({ ...command, programme, metadata: { now: NOW } }) as unknown as RegisterItemCommand;
    const history: RegisterItemEvent[] = [];
    for (const command of [
      at({ type: 'RegisterItem', data: { itemId: 's-1', reference: 'SLA-PAY', kind: 'sla', details: { service: 'payroll', kpis: ['Pay on time'], annualPrice: 85000, termMonths: 36 } } }),
      at({ type: 'RecordItemProgress', data: { itemId: 's-1', kind: 'sla', step: 'recommendation-made', fields: { suitable: true, reasons: 'Fair price' } } }),
    ]) {
      history.push(...registerItemDecider.decide(command, fold(registerItemDecider, history)));
    }
    const decideBy = (body: string) =>
      registerItemDecider.decide(at({ type: 'RecordItemProgress', data: { itemId: 's-1', kind: 'sla', step: 'recommendation-accepted', fields: { decisionId: 'd-4', reasons: 'Minute 3', body } } }), fold(registerItemDecider, history));
    expect(decideBy('project-board')[0].data).toMatchObject({ decisionId: 'd-4', body: 'project-board' });
    expect(() => decideBy('council-cabinet')).toThrow('Council cabinet may not take sla-recommendation decisions in this programme; bodies that may: Project board');
  });
});
