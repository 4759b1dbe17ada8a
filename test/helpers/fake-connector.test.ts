import { expect } from 'chai';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TeamsInfo, type ConversationReference } from 'botbuilder';
import { ConnectorClient, MicrosoftAppCredentials, TeamsConnectorClient } from 'botframework-connector';
import { FakeConnector, makeMembers, type FakeEvent } from './fake-connector.ts';

const TEAM_ID = '19:team-general@thread.tacv2';
const CHANNEL_ID = '19:team-feedback@thread.tacv2';

/** An unauthenticated client, as CloudAdapter builds it when MicrosoftAppId is empty (auth off). */
function connectorFor(fake: FakeConnector): ConnectorClient {
  return new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: fake.url });
}

/** Raw POST, bypassing the SDK pipeline (which silently retries 429/5xx). */
async function rawSend(fake: FakeConnector, conversationId: string, text: string): Promise<Response> {
  return fetch(`${fake.url}v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', text }),
  });
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number }).statusCode;
}

describe('FakeConnector', () => {
  let fake: FakeConnector;

  afterEach(async () => {
    await fake?.close();
  });

  describe('conversations API via botbuilder ConnectorClient', () => {
    beforeEach(async () => {
      fake = await FakeConnector.start();
      fake.addTeam({
        id: TEAM_ID,
        name: 'Partnership Board',
        aadGroupId: 'aad-group-1',
        channels: [{ id: TEAM_ID }, { id: CHANNEL_ID, name: 'Feedback' }],
        members: makeMembers(250),
      });
    });

    it('serves a serviceUrl with a trailing slash on loopback', () => {
      expect(fake.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    });

    it('creates 1:1 conversations with deterministic ids and records the initial activity', async () => {
      const client = connectorFor(fake);
      const first = await client.conversations.createConversation({
        isGroup: false,
        bot: { id: '28:bot', name: 'Sounding Board' },
        members: [{ id: '29:member-3', name: '' }],
        tenantId: 'tenant-1',
        channelData: { tenant: { id: 'tenant-1' } },
        activity: { type: 'message', text: 'Welcome!' } as never,
      } as never);
      const again = await client.conversations.createConversation({
        isGroup: false,
        members: [{ id: '29:member-3', name: '' }],
      } as never);

      expect(first.id).to.equal('a:fake-personal-29:member-3');
      expect(again.id).to.equal(first.id);
      expect(first.activityId).to.be.a('string');
      expect(again.activityId).to.equal(undefined);
      expect(fake.sentActivities).to.have.length(1);
      expect(fake.sentActivities[0]).to.include({ kind: 'create', conversationId: first.id, id: first.activityId });
      expect(fake.sentActivities[0]?.activity.text).to.equal('Welcome!');

      // The created chat now has a roster, enriched from the team directory.
      const members = await client.conversations.getConversationMembers(first.id);
      expect(members.map((m) => m.id)).to.deep.equal(['29:member-3']);
      expect(members[0]?.aadObjectId).to.equal(makeMembers(1, { start: 3 })[0]?.aadObjectId);
    });

    it('creates a channel thread like TeamsInfo.sendMessageToTeamsChannel expects', async () => {
      const res = await connectorFor(fake).conversations.createConversation({
        isGroup: true,
        channelData: { channel: { id: CHANNEL_ID } },
        activity: { type: 'message', text: 'New round open' },
      } as never);
      expect(res.id).to.equal(`${CHANNEL_ID};messageid=${res.activityId}`);
      expect(fake.activitiesFor(CHANNEL_ID).map((s) => s.activity.text)).to.deep.equal(['New round open']);
    });

    it('sends, replies, updates and deletes; update of an unknown activity is a 404', async () => {
      const client = connectorFor(fake);
      const conv = 'a:personal-xyz';
      const sent = await client.conversations.sendToConversation(conv, { type: 'message', text: 'hello' } as never);
      const reply = await client.conversations.replyToActivity(conv, sent.id, { type: 'message', text: 'a reply', replyToId: sent.id } as never);
      const updated = await client.conversations.updateActivity(conv, sent.id, { type: 'message', id: sent.id, text: 'hello (edited)' } as never);

      expect(sent.id).to.be.a('string').and.not.equal(reply.id);
      expect(updated.id).to.equal(sent.id);
      expect(fake.sentActivities.map((s) => [s.kind, s.id, s.replyToId])).to.deep.equal([
        ['send', sent.id, undefined],
        ['reply', reply.id, sent.id],
      ]);
      expect(fake.updatedActivities).to.have.length(1);
      expect(fake.currentActivity(sent.id)?.text).to.equal('hello (edited)');
      expect(fake.activitiesFor(conv)).to.have.length(2);

      let error: unknown;
      try {
        await client.conversations.updateActivity(conv, '999', { type: 'message', text: 'nope' } as never);
      } catch (err) {
        error = err;
      }
      expect(statusOf(error)).to.equal(404);
      expect(fake.requests.at(-1)).to.include({ route: 'updateActivity', status: 404, activityId: '999' });

      await client.conversations.deleteActivity(conv, reply.id);
      expect(fake.currentActivity(reply.id)).to.equal(undefined);
      expect(fake.stats()).to.include({ delivered: 2, updated: 1, deleted: 1, throttled429: 0, failed5xx: 0 });
      // No Authorization header: the app id is empty, so botbuilder does not sign requests.
      expect(fake.requests.every((r) => r.headers.authorization === undefined)).to.equal(true);
    });

    it('decodes conversation ids containing : @ ; and records them', async () => {
      const thread = `${CHANNEL_ID};messageid=1700000000123`;
      await connectorFor(fake).conversations.sendToConversation(thread, { type: 'message', text: 'in thread' } as never);
      expect(fake.requests.at(-1)?.conversationId).to.equal(thread);
      expect(fake.requests.at(-1)?.path).to.include('%3B');
      expect(fake.activitiesFor(CHANNEL_ID)).to.have.length(1);
      expect(fake.activitiesFor(thread)).to.have.length(1);
    });

    it('pages through a 250-member roster with pageSize 100 (3 pages, everyone once)', async () => {
      const client = connectorFor(fake);
      const pages: number[] = [];
      const ids: string[] = [];
      let continuationToken: string | undefined;
      do {
        // The SDK types both options as required, but TeamsInfo passes undefined ones; undefined is omitted from the query.
        const page = await client.conversations.getConversationPagedMembers(CHANNEL_ID, { pageSize: 100, continuationToken: continuationToken as string });
        pages.push(page.members.length);
        ids.push(...page.members.map((m) => m.id));
        continuationToken = page.continuationToken;
      } while (continuationToken);

      expect(pages).to.deep.equal([100, 100, 50]);
      expect(new Set(ids).size).to.equal(250);
      expect(ids).to.deep.equal(makeMembers(250).map((m) => m.id));
      // The exact query parameter names botbuilder uses.
      const pagedRequests = fake.requests.filter((r) => r.route === 'getConversationPagedMembers');
      expect(pagedRequests[0]?.query).to.deep.equal({ pageSize: '100' });
      expect(pagedRequests[1]?.query).to.have.keys('pageSize', 'continuationToken');
    });

    it('returns Teams-shaped members (extra TeamsChannelAccount fields survive deserialisation)', async () => {
      const client = connectorFor(fake);
      const member = (await client.conversations.getConversationMember(TEAM_ID, '29:member-7')) as unknown as Record<string, unknown>;
      const expected = makeMembers(8)[7];
      expect(member).to.include({
        id: '29:member-7',
        name: expected?.name,
        aadObjectId: expected?.aadObjectId,
        email: expected?.email,
        userPrincipalName: expected?.email,
        givenName: expected?.givenName,
        surname: expected?.surname,
        userRole: 'user',
      });
      expect(member.tenantId).to.be.a('string');
      expect(member.aadObjectId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

      let error: unknown;
      try {
        await client.conversations.getConversationMember(TEAM_ID, '29:stranger');
      } catch (err) {
        error = err;
      }
      expect(statusOf(error)).to.equal(404);
    });

    it('returns team details and channels via TeamsConnectorClient', async () => {
      const teams = new TeamsConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri: fake.url });
      const details = await teams.teams.fetchTeamDetails(TEAM_ID);
      const channels = await teams.teams.fetchChannelList(TEAM_ID);
      expect(details).to.include({ id: TEAM_ID, name: 'Partnership Board', aadGroupId: 'aad-group-1' });
      expect(channels.conversations).to.deep.equal([{ id: TEAM_ID }, { id: CHANNEL_ID, name: 'Feedback' }]);
    });

    it('answers unknown routes with 404 and bad JSON with 400, both as Bot Connector error bodies', async () => {
      const unknown = await fetch(`${fake.url}v3/nothing-here`);
      expect(unknown.status).to.equal(404);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).to.be.a('string');

      const bad = await fetch(`${fake.url}v3/conversations/a%3Ax/activities`, { method: 'POST', body: '{not json' });
      expect(bad.status).to.equal(400);
      expect(await bad.json()).to.have.nested.property('error.code', 'BadArgument');
      expect(fake.sentActivities).to.have.length(0);
    });
  });

  describe('throttling and fault injection', () => {
    it('throttles a burst to one conversation with 429 + integer Retry-After', async () => {
      let clock = 0; // frozen clock: the outcome no longer depends on how fast requests arrive
      fake = await FakeConnector.start({ perConversationPerSecond: 7, now: () => clock });
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => rawSend(fake, 'a:busy', `msg ${i}`)));

      const ok = responses.filter((r) => r.status === 200);
      const throttled = responses.filter((r) => r.status === 429);
      expect(ok).to.have.length(7);
      expect(throttled).to.have.length(13);
      for (const r of throttled) expect(r.headers.get('retry-after')).to.match(/^[1-9]\d*$/);
      expect(fake.sentActivities).to.have.length(7);
      expect(fake.rejected).to.have.length(13);
      expect(fake.rejected.every((r) => r.reason === 'throttled-conversation' && r.status === 429)).to.equal(true);
      expect(fake.stats()).to.deep.include({ delivered: 7, throttled429: 13 });
      expect(fake.stats().byConversation['a:busy']).to.deep.equal({ delivered: 7, updated: 0, throttled429: 13, failed5xx: 0 });

      // Other conversations have their own bucket, and the bucket refills with time.
      expect((await rawSend(fake, 'a:quiet', 'hi')).status).to.equal(200);
      clock += 1000;
      const afterRefill = await Promise.all(Array.from({ length: 8 }, () => rawSend(fake, 'a:busy', 'later')));
      expect(afterRefill.map((r) => r.status).filter((s) => s === 200)).to.have.length(7);
    });

    it('throttles across conversations with perAppPerSecond', async () => {
      fake = await FakeConnector.start({ perAppPerSecond: 10, now: () => 0 });
      const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => rawSend(fake, `a:user-${i}`, 'x').then((r) => r.status)));
      expect(statuses.filter((s) => s === 200)).to.have.length(10);
      expect(fake.rejected.every((r) => r.reason === 'throttled-app')).to.equal(true);
    });

    it('failNext(1, 503) fails exactly the next request', async () => {
      fake = await FakeConnector.start();
      fake.failNext(1, 503);
      const first = await rawSend(fake, 'a:one', 'first');
      const second = await rawSend(fake, 'a:one', 'second');
      expect([first.status, second.status]).to.deep.equal([503, 200]);
      expect(fake.rejected.map((r) => [r.status, r.reason])).to.deep.equal([[503, 'fail-next']]);
      expect(fake.sentActivities.map((s) => s.activity.text)).to.deep.equal(['second']);
      expect(fake.stats()).to.include({ delivered: 1, failed5xx: 1, throttled429: 0 });
    });

    it("botbuilder's ConnectorClient silently retries a 429, honouring Retry-After", async () => {
      fake = await FakeConnector.start();
      fake.failNext(1, 429, 1);
      const res = await connectorFor(fake).conversations.sendToConversation('a:retry', { type: 'message', text: 'eventually' } as never);
      expect(res.id).to.be.a('string');
      expect(fake.requests.map((r) => r.status)).to.deep.equal([429, 200]);
      expect(fake.rejected[0]?.retryAfterSeconds).to.equal(1);
    });

    it('random failures are deterministic for a seed and never count as delivered', async () => {
      const run = async (): Promise<number[]> => {
        fake = await FakeConnector.start({ randomFailureRate: 0.3, seed: 42 });
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++) statuses.push((await rawSend(fake, 'a:r', `m${i}`)).status);
        expect(fake.sentActivities).to.have.length(statuses.filter((s) => s === 200).length);
        await fake.close();
        return statuses;
      };
      const a = await run();
      const b = await run();
      expect(a).to.deep.equal(b);
      expect(a).to.include(200);
      expect(a.some((s) => s === 429 || s === 503)).to.equal(true);
      fake = await FakeConnector.start(); // for afterEach
    });

    it('requireAuth answers 401 without a bearer token', async () => {
      fake = await FakeConnector.start({ requireAuth: true });
      expect((await rawSend(fake, 'a:x', 'x')).status).to.equal(401);
      const withAuth = await fetch(`${fake.url}v3/conversations/a%3Ax/activities`, {
        method: 'POST',
        headers: { Authorization: 'Bearer token-123', 'Content-Type': 'application/json' },
        body: '{"type":"message"}',
      });
      expect(withAuth.status).to.equal(200);
      expect(fake.requests.at(-1)?.headers).to.deep.equal({ authorization: 'Bearer token-123' });
    });
  });

  describe('waitFor', () => {
    beforeEach(async () => {
      fake = await FakeConnector.start();
    });

    it('resolves on a later send', async () => {
      const waiting = fake.waitForActivity((s) => s.activity.text === 'proactive nudge', { timeoutMs: 5000 });
      await rawSend(fake, 'a:someone', 'unrelated');
      await rawSend(fake, 'a:someone', 'proactive nudge');
      const sent = await waiting;
      expect(sent).to.include({ conversationId: 'a:someone', kind: 'send' });
    });

    it('resolves immediately for something already received, and supports raw events', async () => {
      await rawSend(fake, 'a:someone', 'earlier');
      const event: FakeEvent = await fake.waitFor((e) => e.type === 'request' && e.request.route === 'sendToConversation');
      expect(event.type).to.equal('request');
      // One match exists before waiting starts; it must be counted once, not twice.
      await rawSend(fake, 'a:batch', 'b0');
      const many = fake.waitForActivities(3, (s) => s.conversationId === 'a:batch');
      let resolved = false;
      void many.then(() => (resolved = true));
      await rawSend(fake, 'a:batch', 'b1');
      await Promise.resolve();
      expect(resolved).to.equal(false);
      await rawSend(fake, 'a:batch', 'b2');
      await rawSend(fake, 'a:batch', 'b3');
      expect((await many).map((s) => s.activity.text)).to.deep.equal(['b0', 'b1', 'b2']);
    });

    it('rejects on timeout, describing what was received', async () => {
      await rawSend(fake, 'a:someone', 'something else');
      let error: unknown;
      try {
        await fake.waitForActivity((s) => s.activity.text === 'never sent', { timeoutMs: 50 });
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.include('timed out').and.include('something else').and.include('a:someone');
      await fake.close();
      fake = await FakeConnector.start(); // closing must also reject pending waiters
      const pending = fake.waitFor(() => false, { timeoutMs: 60_000 });
      await fake.close();
      let closedError: unknown;
      await pending.catch((err: unknown) => (closedError = err));
      expect((closedError as Error).message).to.include('closed');
    });
  });

  describe('duplicate detection', () => {
    it('reports keys delivered more than once', async () => {
      fake = await FakeConnector.start();
      for (const text of ['vote 1', 'vote 2', 'vote 1', 'vote 3', 'vote 1']) await rawSend(fake, 'a:dup', text);
      expect(fake.duplicateDeliveries((a) => a.text)).to.deep.equal(['vote 1']);
      expect(fake.deliveryCounts((a) => a.text).get('vote 1')).to.equal(3);
    });
  });

  describe('end to end through CloudAdapter + TeamsInfo', () => {
    it('continueConversationAsync sends to the fake and TeamsInfo pages the team roster', async () => {
      fake = await FakeConnector.start();
      fake.addTeam({ id: TEAM_ID, name: 'Partnership Board', channels: [{ id: TEAM_ID }, { id: CHANNEL_ID, name: 'Feedback' }], members: makeMembers(120) });
      // Same construction as bot/adapter.ts; an empty app id turns auth off (unsigned requests).
      const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
      const reference: Partial<ConversationReference> = {
        channelId: 'msteams',
        serviceUrl: fake.url,
        conversation: { id: CHANNEL_ID, isGroup: true, conversationType: 'channel', name: 'Feedback' },
        bot: { id: '28:bot', name: 'Sounding Board' },
      };

      const counts: number[] = [];
      let teamName: string | undefined;
      await adapter.continueConversationAsync('', reference, async (context) => {
        await context.sendActivity('Round 3 is open');
        let token: string | undefined;
        do {
          const page = await TeamsInfo.getPagedMembers(context, 50, token);
          counts.push(page.members.length);
          token = page.continuationToken;
        } while (token);
        teamName = (await TeamsInfo.getTeamDetails(context, TEAM_ID)).name;
      });

      expect(fake.activitiesFor(CHANNEL_ID).map((s) => s.activity.text)).to.deep.equal(['Round 3 is open']);
      expect(counts).to.deep.equal([50, 50, 20]);
      expect(teamName).to.equal('Partnership Board');
    });
  });
});
