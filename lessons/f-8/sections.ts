/**
 * F-8's prose. Every reply shown here is a runnable example (index.ts) with its expected
 * output; the prose places them with `{{example:<id>}}`. Messages that arrive in a subscriber
 * tab are not replies to a command, so the prose describes their shape in words and the
 * learner watches them land in the tabs.
 */
import type { Section } from "../types";

const model = `
Everything so far has been about keys: values that sit in memory until someone reads them.
Pub/Sub (publish/subscribe) is different. Nothing is stored. A client **subscribes** to a
**channel**, a name such as \`orders\`; another client **publishes** a message to that channel;
Redis hands a copy to every client subscribed at that moment, and forgets it.

Publishers and subscribers never need to know about each other. The publisher does not know who
is listening, or whether anyone is; a subscriber does not know who sent the message. Channels are
not keys either: they do not show up in \`KEYS\` or \`SCAN\`, they take no memory when nobody is
subscribed, and they do not belong to a database. A message published while connected to
database 3 reaches subscribers connected to database 0.

Try it with two tabs. Tab **A** subscribes; the main tab publishes:

{{example:f8-first}}

\`SUBSCRIBE\` answers with a confirmation of three lines: the word \`subscribe\`, the channel, and
how many channels and patterns this connection now listens to. \`PUBLISH\` answers with how many
subscribers received the message (strictly, how many copies it delivered; the section on
patterns shows when the two differ). A moment later, tab A prints the message itself, again in
three lines: the word \`message\`, the channel, and the payload, \`order 17 paid\`. The payload is
an ordinary byte string: plain text, JSON, whatever your programs agree on.
`;

const fanOut = `
One publish reaches every subscriber. Open three tabs, subscribe each to \`alerts\`, and publish
once:

{{example:f8-three}}

\`(integer) 3\`: three copies delivered, one per tab. This is **fan-out**, and it is what Pub/Sub
is for. Typical uses:

- **Cache invalidation across app servers.** Each server keeps a small in-process cache. When a
  product changes, whoever changed it publishes the product id on \`cache:invalidate\`; every app
  server, subscribed once at start-up, drops its local copy.
- **Pushing events to browsers.** Users are connected by WebSocket to different app servers. A
  chat message published on \`chat:room:42\` reaches every server, and each forwards it to its own
  connected users.
- **Signals between services**: "configuration changed, reload", "a new job is waiting".

The cost of a publish grows with the number of receivers, not with message history, because
there is none.

{{exercise:f8-build-three}}

Channel names do not depend on the database you have selected:

{{example:f8-any-db}}

And Redis can tell you who is listening. \`PUBSUB CHANNELS\` lists the channels with at least one
subscriber, \`PUBSUB NUMSUB\` counts the subscribers of given channels, and \`PUBSUB NUMPAT\` counts
pattern subscriptions (see "Pattern subscriptions" below):

{{example:f8-introspect}}
`;

const subscribedMode = `
A connection that has subscribed to something changes mode. Over RESP2, the protocol \`redis-cli\`
and most clients speak by default, a subscribed connection may only send \`SUBSCRIBE\`,
\`UNSUBSCRIBE\`, their pattern and sharded variants, \`PING\`, \`QUIT\` and \`RESET\`. Anything
else is refused with an error that lists exactly those commands:

{{example:f8-subscribed-mode}}

\`PING\` still works, though it answers with a two-part array (\`pong\` and an empty payload)
instead of the usual \`PONG\`, so a client can check that a quiet subscription is alive. Once
the last channel is unsubscribed, the count in the confirmation drops to 0 and the connection
is back to normal.

This is why client libraries ask you for a **separate connection** for subscribing: the one that
listens cannot serve your \`GET\`s. Under RESP3 (\`HELLO 3\`) the restriction is lifted, because
messages arrive as a distinct push type that cannot be confused with replies.
`;

const patterns = `
\`PSUBSCRIBE\` subscribes to a **pattern** rather than a name, with the same glob syntax as
\`KEYS\`: \`*\` for any run of characters, \`?\` for one, \`[abc]\` for a set. A pattern
subscription receives messages in four parts: \`pmessage\`, the pattern that matched, the actual
channel, and the payload.

{{example:f8-pattern}}

Nobody listens to \`payments:eu\`, so that publish reached no one. Patterns suit consumers that
do not know every channel in advance, such as a monitor for all regions or a logger for every
chat room.

One subtlety: a client subscribed to a channel *and* to a pattern that matches it receives the
message twice, once as \`message\` and once as \`pmessage\`, and \`PUBLISH\` counts both
deliveries.

{{exercise:f8-predict-count}}

{{exercise:f8-build-pattern}}
`;

const lost = `
Pub/Sub is **fire and forget**, or in delivery terms, *at most once*. Redis keeps no copy of a
message. If nobody is subscribed when it is published, it is simply gone, and \`PUBLISH\`
telling you \`0\` is the only trace:

{{example:f8-nobody}}

The subscriber in tab A sees \`hello\`, never \`anyone here?\`. The same happens to a subscriber
that is briefly disconnected: a network blip, a deploy, a restart. Whatever was published during
the gap is lost for it, and when it reconnects nothing tells it what it missed.

A subscriber that reads too slowly is a risk to the server, since Redis must buffer its messages
in memory. The \`client-output-buffer-limit\` setting's default for pubsub clients is 32 MB at most,
or 8 MB for 60 seconds in a row; past either limit, Redis closes the subscriber's connection, and
its messages are lost too.

In application code, a subscriber is usually one dedicated connection per process, opened at
start-up, with a handler that runs for each message. Three habits keep it honest about those
gaps:

- **Resubscribe after a reconnect.** Most client libraries do this for you, but nothing brings
  back what was published while the connection was down.
- **Let a TTL back up every invalidation.** If cached entries also expire on their own, a missed
  message means stale data for at most the TTL, not forever.
- **Keep the handler quick.** Hand slow work to a queue; while the handler is busy, messages
  pile up in the output buffer.

So use Pub/Sub where a lost message is harmless or can be repaired: a cache entry that also has
a TTL, a live feed the user can refresh. In the next exercise, one of three app servers was
restarting when a change was announced.

{{exercise:f8-signature-fanout}}
`;

const keyspace = `
Redis can publish events about its own keys. These **keyspace notifications** are ordinary
Pub/Sub messages on channels with reserved names, and they are off by default, because producing
them costs CPU on every write. The setting \`notify-keyspace-events\` turns them on, with one letter
per kind:

| letter | meaning |
|---|---|
| \`K\` | publish on \`__keyspace@<db>__:<key>\` (the message is the event name) |
| \`E\` | publish on \`__keyevent@<db>__:<event>\` (the message is the key name) |
| \`g\` | generic commands: \`DEL\`, \`EXPIRE\`, \`RENAME\`, … |
| \`$\` \`l\` \`s\` \`h\` \`z\` \`t\` | commands of strings, lists, sets, hashes, sorted sets, streams |
| \`x\` | a key expired |
| \`e\` | a key was evicted by \`maxmemory\` |
| \`A\` | shorthand for every kind above (\`g$lshzxet\`), plus events from modules |

You need at least one of \`K\` or \`E\` *and* at least one kind, otherwise nothing is published.
\`KEA\` means "every kind in the table, on both channel families"; two rarely used extras,
key misses (\`m\`) and new keys (\`n\`), must be asked for by name. Redis stores the letters in its own
order, as \`CONFIG GET\` shows:

{{example:f8-keyspace}}

The tab subscribed to \`__keyspace@0__:cart:7\` receives \`hset\`, \`expire\` and \`del\`: the story of
one key. A subscriber to \`__keyevent@0__:del\` would instead receive the names of every key
deleted in database 0.

The most used event is \`expired\`. Here a session gets a two-second TTL, and the clock jumps
three seconds:

{{example:f8-expired}}

Tab W receives \`session:abc\` on \`__keyevent@0__:expired\`. Note *when*: the event fires when Redis
actually removes the key, either because a command touched it or because the background expiry
cycle (module F-5) sampled it. For a key nobody touches, that can be a little after its TTL ran
out. And since these are Pub/Sub messages, a listener that is not connected at that moment never
hears of the expiry. That makes them fine for tidying up (closing a chat session whose key
timed out, refreshing a dashboard) and a poor base for anything that must happen exactly once,
such as charging a customer when a trial ends. Module P-8 goes deeper.

{{exercise:f8-fix-notify}}
`;

const streams = `
In Redis 7.0 Cluster, \`PUBLISH\` is forwarded to every node, so subscribers may connect to any
of them. Version 7.0 also added **sharded Pub/Sub** (\`SSUBSCRIBE\`, \`SPUBLISH\`), where each channel
lives on the shard owning its hash slot, which scales better in large clusters. Keyspace
notifications stay local: each node reports only its own keys.

When a message must not be lost, use a **stream** (module F-9) instead. A stream is a key: entries
stay until you trim them, a consumer that was away reads what it missed from where it stopped,
and consumer groups share work between workers with acknowledgements and redelivery.

| you need | Pub/Sub | Streams |
|---|---|---|
| every listener gets every message | yes, if connected | yes, each reader at its own pace |
| messages survive a disconnect | no | yes, until trimmed |
| history and replay | no | yes (\`XRANGE\`, \`XREAD\` from an id) |
| split work between workers, retry failures | no | consumer groups, \`XACK\`, \`XAUTOCLAIM\` |
| cost when nobody listens | nothing | memory for the entries |

Pub/Sub wins on simplicity and on cost when losing a message is acceptable; Streams win as soon
as every message must be processed, including by a consumer that was away when it was sent.

{{exercise:f8-quiz-streams}}
`;

export const sections: Section[] = [
  { id: "model", title: "Messages, not keys", body: model },
  { id: "fan-out", title: "One publish, many receivers", body: fanOut },
  { id: "subscribed-mode", title: "Subscribed mode", body: subscribedMode },
  { id: "patterns", title: "Pattern subscriptions", body: patterns },
  { id: "lost", title: "Nobody listening: the message is gone", body: lost },
  { id: "keyspace", title: "Keyspace notifications", body: keyspace },
  { id: "streams", title: "Cluster, and when Streams are better", body: streams },
];
