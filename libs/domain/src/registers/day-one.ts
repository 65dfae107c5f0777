/**
 * What a new body must have in place on the first day it operates, whatever else is late: the
 * day-one checklist a programme starts with. Each is a governance item of kind `day-one`, judged
 * by the rule governance.day-one (confirmed in place before go-live), flagged needed on day one;
 * advisers change titles, add their own and record each as confirmed with who confirmed it.
 */
export interface DayOneEssential {
  readonly reference: string;
  readonly title: string;
  /** Why it cannot wait, with its source where the law gives one. */
  readonly basis: string;
}

export const DAY_ONE_CHECKLIST: readonly DayOneEssential[] = [
  { reference: 'DAY1-ELI', title: 'Employer’s liability insurance in force', basis: 'Employers’ Liability (Compulsory Insurance) Act 1969 s.1: an employer must be insured from the first day it employs anyone' },
  { reference: 'DAY1-ICO', title: 'ICO registration fee paid', basis: 'Data Protection (Charges and Information) Regulations 2018: a controller pays the fee before it processes personal data' },
  { reference: 'DAY1-BANK', title: 'Bank account open', basis: 'Practice: the contract sum, payroll and suppliers are paid through it from day one' },
  { reference: 'DAY1-PAYE', title: 'PAYE registration as an employer', basis: 'Income Tax (PAYE) Regulations 2003: an employer registers before the first payday' },
  { reference: 'DAY1-VAT', title: 'VAT registration decided and made if needed', basis: 'Value Added Tax Act 1994 Sch. 1: registration once taxable supplies pass the threshold' },
  { reference: 'DAY1-PAY', title: 'First payroll run scheduled and tested', basis: 'Practice: staff transfer on their existing pay (TUPE 2006 reg. 4); the first payday is weeks after go-live' },
  { reference: 'DAY1-OFSTED', title: 'Children’s home and agency registrations in the new body’s name', basis: 'Care Standards Act 2000 s.11: a home or agency is not run without registration' },
  { reference: 'DAY1-IT', title: 'IT access on day one for every transferring member of staff', basis: 'Practice: case records and email from the first morning' },
  { reference: 'DAY1-PHONE', title: 'Telephony and the front door: contact centre numbers answered as the new body', basis: 'Practice: the public’s and partners’ numbers keep working' },
  { reference: 'DAY1-OOH', title: 'Out-of-hours cover in place', basis: 'Children Act 1989 s.47: enquiries cannot wait for office hours' },
  { reference: 'DAY1-RECORDS', title: 'Case records accessible to the new body', basis: 'Practice (and the data sharing agreement): social workers read and write case records from day one' },
  { reference: 'DAY1-REFERRALS', title: 'Safeguarding referral routes switched to the new body', basis: 'Working Together to Safeguard Children 2023: partners know where a referral goes' },
];
