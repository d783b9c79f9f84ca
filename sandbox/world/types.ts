/**
 * The synthetic world behind the demo, the mocks and the benchmarks. One seeded
 * generator (`generatePopulation`) makes people, companies, campaigns and deals, then
 * decides how each person *appears* in each source — with the mess real sources have
 * (email case and whitespace, phone formats, duplicates inside a source, people in one
 * source only). Vendor mocks turn these neutral "appearances" into their own wire
 * format (connectors/<name>/mock/fixtures.ts).
 *
 * The ground truth (`truth`) says which source records are the same person, so
 * identity stitching can be scored (precision/recall).
 *
 * All timestamps are ISO-8601 UTC strings; all dates are `YYYY-MM-DD`.
 */

export interface Person {
  readonly personId: string; // 'p_000123'
  readonly firstName: string;
  readonly lastName: string;
  /** Canonical email (lower case, trimmed). */
  readonly email: string;
  /** Canonical E.164 phone, or null. */
  readonly phone: string | null;
  readonly companyId: string | null;
  readonly country: string; // ISO 3166-1 alpha-2
  readonly city: string;
  readonly lifecycleStage: 'subscriber' | 'lead' | 'marketingqualifiedlead' | 'salesqualifiedlead' | 'opportunity' | 'customer';
  readonly createdAt: string;
}

export interface Company {
  readonly companyId: string; // 'c_0042'
  readonly name: string;
  readonly domain: string;
  readonly industry: string;
  readonly country: string;
  readonly createdAt: string;
}

/** A marketing campaign that may run on several channels at once. */
export interface Campaign {
  readonly campaignId: string; // 'cmp_007'
  /** The utm_campaign value used everywhere (lower snake case, e.g. 'spring_sale_2026'). */
  readonly utmCampaign: string;
  /** Human name ("Spring Sale 2026"). */
  readonly name: string;
  readonly channels: readonly ('email' | 'meta' | 'web')[];
  readonly startDate: string;
  readonly endDate: string;
  /** Total paid budget in account currency (Meta); 0 when no paid channel. */
  readonly budget: number;
}

export interface Deal {
  readonly dealId: string; // 'd_0099'
  readonly personId: string;
  readonly companyId: string | null;
  readonly name: string;
  readonly amount: number;
  readonly stage: 'appointmentscheduled' | 'qualifiedtobuy' | 'contractsent' | 'closedwon' | 'closedlost';
  readonly closeDate: string;
  readonly createdAt: string;
  /** The campaign that sourced it, if any (for ROI ground truth). */
  readonly campaignId: string | null;
}

/** How a person appears as a HubSpot contact (possibly twice: a duplicate inside HubSpot). */
export interface HubspotContactAppearance {
  /** HubSpot record id (numeric string, unique across contacts). */
  readonly recordId: string;
  readonly personId: string;
  /** As typed at the source: may differ from the canonical email in case/whitespace; null if missing. */
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** As typed at the source: '(415) 555-0100', '+1 415 555 0100', '4155550100' … */
  readonly phone: string | null;
  readonly companyRecordId: string | null;
  readonly country: string | null;
  readonly city: string | null;
  readonly lifecycleStage: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface HubspotCompanyAppearance {
  readonly recordId: string;
  readonly companyId: string;
  readonly name: string;
  readonly domain: string;
  readonly industry: string;
  readonly country: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface HubspotDealAppearance {
  readonly recordId: string;
  readonly dealId: string;
  readonly name: string;
  readonly amount: number;
  readonly stage: string;
  readonly closeDate: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Contact record ids associated with the deal. */
  readonly contactRecordIds: readonly string[];
  /** utm_campaign of the campaign that sourced the deal (HubSpot custom property), or null. */
  readonly utmCampaign: string | null;
}

export interface MailchimpListAppearance {
  readonly listId: string; // 10 hex chars, like Mailchimp's
  readonly name: string;
  readonly createdAt: string;
}

export interface MailchimpMemberAppearance {
  readonly listId: string;
  readonly personId: string;
  /** As typed by the subscriber (case/whitespace mess); Mailchimp's member id is md5(lowercase(trim(email))). */
  readonly emailAddress: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly country: string | null;
  readonly status: 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending';
  readonly optInAt: string;
  readonly lastChanged: string;
}

export interface MailchimpCampaignAppearance {
  readonly mailchimpCampaignId: string; // 10 hex chars
  readonly campaignId: string; // our Campaign.campaignId
  readonly listId: string;
  readonly title: string;
  readonly subjectLine: string;
  /** Mailchimp's `tracking.google_analytics` slug: the utm_campaign. */
  readonly utmCampaign: string;
  readonly sendTime: string;
  readonly createTime: string;
}

export interface MailchimpActivityAppearance {
  readonly mailchimpCampaignId: string;
  readonly listId: string;
  readonly personId: string;
  /** The member's email address exactly as in the list. */
  readonly emailAddress: string;
  readonly action: 'sent' | 'open' | 'click' | 'bounce';
  readonly timestamp: string;
  /** For clicks: the URL clicked (carries utm parameters). */
  readonly url: string | null;
}

export interface MetaCampaignAppearance {
  readonly metaCampaignId: string; // numeric string, like Graph API ids
  readonly campaignId: string;
  readonly accountId: string; // 'act_1234567890'
  /** Naming convention carrying the utm value: '<utm_campaign> | <audience> | <objective>'. */
  readonly name: string;
  readonly objective: 'OUTCOME_TRAFFIC' | 'OUTCOME_LEADS' | 'OUTCOME_SALES' | 'OUTCOME_AWARENESS';
  readonly status: 'ACTIVE' | 'PAUSED' | 'ARCHIVED';
  readonly dailyBudget: number; // in account currency (the Graph API returns minor units; the mock converts)
  readonly createdTime: string;
  readonly updatedTime: string;
  readonly startTime: string;
  readonly stopTime: string | null;
}

export interface MetaInsightAppearance {
  readonly metaCampaignId: string;
  readonly accountId: string;
  readonly date: string; // date_start == date_stop (time_increment=1)
  readonly impressions: number;
  readonly clicks: number;
  readonly reach: number;
  readonly spend: number; // account currency, 2 decimals
}

/** A Segment-spec event (track/page/identify) exactly as it would be written to a JSONL file. */
export interface SegmentEvent {
  readonly type: 'page' | 'track' | 'identify';
  readonly messageId: string;
  readonly anonymousId: string;
  readonly userId: string | null;
  readonly timestamp: string;
  readonly event?: string; // track: 'Signed Up', 'Form Submitted', 'Order Completed' …
  readonly name?: string; // page name
  readonly properties?: Readonly<Record<string, string | number | boolean | null>>;
  readonly traits?: Readonly<Record<string, string | null>>; // identify: email (messy), firstName, lastName, phone
  readonly context: {
    readonly ip: string;
    readonly userAgent: string;
    readonly page: { readonly url: string; readonly path: string; readonly referrer: string; readonly title: string };
    /** UTM fields, Segment naming: name = utm_campaign, source, medium, term, content. */
    readonly campaign?: { readonly name: string; readonly source: string; readonly medium: string; readonly term?: string; readonly content?: string };
  };
}

/** Which source record belongs to which person. */
export interface TruthEntry {
  readonly source: 'hubspot' | 'mailchimp' | 'web' | 'salesforce' | 'klaviyo' | 'files';
  /** hubspot: 'contacts'; salesforce: 'contacts' | 'leads'; mailchimp: 'members'; web: 'anonymous_id' | 'user_id'; klaviyo: 'profiles'; files: 'event_leads'. */
  readonly kind: string;
  /** hubspot: contact record id; mailchimp: `${listId}:${md5 member id}`; web: the anonymousId / userId. */
  readonly recordId: string;
  readonly personId: string;
  /** False when nothing in the record (or, for web, its identify calls) carries an email. */
  readonly reachableByEmail: boolean;
  /**
   * True when the record carries a valid phone (E.164 with its own country as default
   * region). Set on HubSpot contacts, the records that may carry a phone and no email;
   * absent elsewhere.
   */
  readonly reachableByPhone?: boolean;
}

export interface Population {
  readonly seed: number;
  /** The "today" the data was generated for (deterministic, not the wall clock). */
  readonly asOf: string;
  readonly people: readonly Person[];
  readonly companies: readonly Company[];
  readonly campaigns: readonly Campaign[];
  readonly deals: readonly Deal[];
  readonly hubspot: {
    readonly contacts: HubspotContactAppearance[];
    readonly companies: HubspotCompanyAppearance[];
    readonly deals: HubspotDealAppearance[];
  };
  readonly mailchimp: {
    readonly lists: MailchimpListAppearance[];
    readonly members: MailchimpMemberAppearance[];
    readonly campaigns: MailchimpCampaignAppearance[];
    readonly activity: MailchimpActivityAppearance[];
  };
  readonly metaAds: {
    readonly campaigns: MetaCampaignAppearance[];
    readonly insights: MetaInsightAppearance[];
  };
  readonly web: {
    readonly events: SegmentEvent[];
  };
  readonly truth: TruthEntry[];
}

export interface PopulationOptions {
  readonly seed?: number; // default 42
  readonly people?: number; // default 2000
  readonly companies?: number; // default 150
  readonly campaigns?: number; // default 8
  /** ISO date "today" for the data; default '2026-11-01'. */
  readonly asOf?: string;
  /** Days of history for activity, insights and web events; default 60. */
  readonly days?: number;
}
