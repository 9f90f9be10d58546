/**
 * F-11's prose. Every reply shown here is a runnable example (index.ts) with its expected
 * output; the prose places them with `{{example:<id>}}` rather than quoting replies itself.
 * The Lua snippet in the last section shows a script only, never a reply.
 */
import type { Section } from "../types";

const why = `
Every Redis command runs on its own, start to finish, before the server looks at the next one.
\`INCR views\` can never be split in half by another client, which is why counters in Redis need
no locks. But real operations are rarely one command. Moving 30 credits from Ann's wallet to
Ben's is two writes: take 30 from one key, add 30 to another. Two app servers doing transfers at
the same moment send their commands over separate connections, and Redis interleaves them as
they arrive. Between your first write and your second, anything can happen.

Two different problems hide in that sentence:

1. **Someone sees the middle.** Between the two writes, a reader can see the money gone from
   Ann and not yet at Ben's.
2. **Someone changes what you read.** If your code reads a balance, decides something, and then
   writes a new balance, another client may have changed the balance after your read. Your
   write then silently overwrites their change: a *lost update*.

Redis answers the first problem with **MULTI/EXEC** and the second with **WATCH**. This module
shows what each one really promises, and, just as important, what it does not.
`;

const multiExec = `
\`MULTI\` opens a transaction on your connection. From then on, Redis does not run your commands:
it checks each one and puts it in a queue, answering \`QUEUED\`. \`EXEC\` runs the whole queue and
answers with one array holding every queued command's reply, in order.

{{example:f11-multi}}

What \`EXEC\` guarantees is **isolation**: the queued commands run back to back, and no command
from any other client runs in between. A reader can see Ann's wallet before the transfer or after
it, never in the middle. This costs Redis nothing special; it simply does not go back to its
other clients until the queue is done, the same way it never splits a single command.

A consequence surprises most people the first time. Since nothing runs before \`EXEC\`, a read
inside the transaction gives you nothing to work with yet: it answers \`QUEUED\` like everything
else, and its value arrives only in \`EXEC\`'s array.

{{example:f11-queued-read}}

So you cannot write "read the balance, and if it is enough, take 30" *inside* a transaction: by
the time the balance is known, the decision has already been sent. The WATCH section below deals
with exactly that.

Two more details. A transaction belongs to one connection; the other tabs of the console keep
working normally while yours is queuing. And \`MULTI\` by itself does not save any round trips,
because each queued command still waits for its \`QUEUED\`. Client libraries usually send the
whole \`MULTI\` … \`EXEC\` block in one go (pipelining, module F-7), so a transaction costs a single
round trip.
`;

const refused = `
Redis checks every command as you queue it, but only for what it can tell without running it:
that the command exists and has an acceptable number of arguments. If either check fails, Redis
answers with an error right away and remembers that the transaction is broken. The commands before and after the bad one still
answer \`QUEUED\`, but \`EXEC\` then refuses to run **any** of them.

{{example:f11-execabort}}

Note \`EXISTS\` answering 0: neither \`draft:1\` nor \`draft:2\` was written, although both \`SET\`s
were queued without complaint. An unknown command has the same effect:

{{example:f11-unknown}}

This is the one real all-or-nothing rule of a Redis transaction, and it holds *before* anything
runs: a queue with a command refused while queuing is thrown away whole, with
\`EXECABORT Transaction discarded because of previous errors.\` Other mistakes are not caught
this early. A command with the right number of arguments but an option it does not know, such
as \`SET k v LATER\`, answers \`QUEUED\` and fails only when \`EXEC\` runs it, like the errors of
the next section.

You can also throw the queue away yourself. \`DISCARD\` empties it and leaves transaction mode;
nothing queued runs, and a later \`EXEC\` finds no transaction to execute.

{{example:f11-discard}}

A few commands are not queued because they control the transaction itself: \`MULTI\` inside
\`MULTI\` is refused (transactions do not nest), \`WATCH\` is refused inside \`MULTI\`, and \`EXEC\` and
\`DISCARD\` end it. Blocking commands such as \`BLPOP\` do not block inside a transaction: they
answer at once, with a nil if there is nothing to pop, since waiting would hold up every other
client.

{{exercise:f11-build-product}}
`;

const noRollback = `
Here is the part that catches people who know SQL. Some errors cannot be seen while queuing.
\`INCR name\` is a perfectly well-formed command; only when it runs does Redis discover that
\`name\` holds \`Ada\`, which is not an integer. Such an error happens *inside* \`EXEC\`, and Redis
handles it very simply: that one command fails, its slot in the reply array holds the error, and
every other command of the transaction runs anyway.

{{example:f11-no-rollback}}

There is **no rollback**. Commands that already ran before the failing one stay done, and the ones
after it still run. Redis has no undo log for a transaction: keeping one would make every write
slower and the server more complicated, and the errors that can happen at this stage are almost
always bugs in the calling code (a command aimed at a key of the wrong type, a value that is not
a number) that a test should catch. In production, though, bad data does turn up, and when it
does, a transaction can leave your keys half-updated.

So read \`EXEC\`'s array. Each element is the reply of one queued command; an \`(error)\` in it means
that command did nothing, and the others did whatever they do. Your code has to decide what a
partial result means for your data.

{{exercise:f11-predict-rollback}}

When it does go wrong, repairing the data means working out what *did* run, not replaying the
whole transaction.

{{exercise:f11-fix-transfer}}
`;

const watch = `
Back to the second problem: code that reads, decides and writes. Suppose a booking service reads
\`seats\`, sees 10, and wants to write 9. If another client books two seats in between, writing
9 would undo their booking. Rather than make other clients wait on a lock, Redis offers
**optimistic locking** with \`WATCH\`.

\`WATCH key [key ...]\` asks Redis to keep an eye on keys for your connection. If any of them is
changed by anyone before your \`EXEC\`, the \`EXEC\` runs nothing and answers with a null reply,
shown as \`(nil)\`. Below, a second client, tab **B**, books two seats right after the first tab
reads the count:

{{example:f11-watch-race}}

The first tab's decision was based on a stale 10, and \`EXEC\` refused to apply it. Nothing is
lost: B's booking stands. The right reaction to \`(nil)\` is to **start over**: watch again, read
again, decide again, and send a new transaction. \`EXEC\` forgets every watched key whether it ran
or not, so each attempt begins with a fresh \`WATCH\`.

{{example:f11-watch-retry}}

In application code this becomes a small loop:

\`\`\`text
repeat (at most a few times):
    WATCH seats
    n = GET seats
    if n < 1: UNWATCH; give up (sold out)
    MULTI
    SET seats n-1
    result = EXEC
    if result is not null: done
\`\`\`

It is *optimistic* because it takes no lock and assumes the collision is rare; when one happens,
the loser pays with a retry rather than everyone paying with a wait. Under heavy contention on
one key the retries pile up, which is one sign that a script (next section) fits better.

What counts as a change? Any command that modifies the key: a write from another client, but also
a \`DEL\`, an \`EXPIRE\` or a \`FLUSHDB\`, and also a write from *your own* connection between \`WATCH\`
and \`EXEC\`. Redis watches the key, not the other clients. Commands that only read it do not count.

If you decide not to go ahead, \`UNWATCH\` forgets the watched keys, and a later transaction runs
whatever happens to them meanwhile. (\`DISCARD\` and closing the connection forget them too.)

{{example:f11-unwatch}}

{{exercise:f11-predict-own-watch}}

Now stage the race yourself. In the next exercise, a payroll job in another tab pays a bonus
into Alice's account at the worst possible moment. Your transfer must notice, retry, and leave
the books balanced.

{{exercise:f11-watch-race}}
`;

const lua = `
WATCH works, but it has costs: at least two round trips per attempt (the reads, then the
transaction), retry code in every client, and wasted work under contention. When the logic is
"read some keys, decide, write some keys", a **Lua script** usually fits better. \`EVAL\` sends a
script that Redis runs as a single step on the server: like a transaction, no other client's
command runs while it executes, but unlike a transaction, the script can read a value and act
on it in the same step. There is nothing to retry, because nobody can change the keys between
the read and the write.

\`\`\`lua
-- KEYS[1] = from, KEYS[2] = to, ARGV[1] = amount
local balance = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[1])
if balance < amount then return 0 end
redis.call('DECRBY', KEYS[1], amount)
redis.call('INCRBY', KEYS[2], amount)
return 1
\`\`\`

Two warnings carry over. A script that fails half way does not roll back either: writes it made
before the error stay. And a long script blocks every other client for as long as it runs, just
as a huge transaction would. Module A-2 covers scripting in depth.

A few rules of thumb:

| situation | use |
|---|---|
| several writes that must be seen together, no decisions | \`MULTI\`/\`EXEC\` |
| read, decide, write; collisions are rare | \`WATCH\` + \`MULTI\`/\`EXEC\` with a retry loop |
| read, decide, write; hot keys or many round trips | a Lua script (or a Redis Function, 7.0) |
| one counter or one field | a single command (\`INCRBY\`, \`HINCRBY\`): already atomic |

In Redis Cluster (module A-9), every key of one transaction or script must live in the same hash
slot, so related keys are given a common hash tag such as \`{acct:7}\`.

{{exercise:f11-quiz-lua}}
`;

export const sections: Section[] = [
  { id: "why", title: "Why one command at a time is not enough", body: why },
  { id: "multi-exec", title: "MULTI, QUEUED, EXEC", body: multiExec },
  { id: "execabort", title: "A transaction refused: EXECABORT and DISCARD", body: refused },
  { id: "no-rollback", title: "Errors inside EXEC do not roll back", body: noRollback },
  { id: "watch", title: "WATCH: optimistic locking", body: watch },
  { id: "lua", title: "When a Lua script fits better", body: lua },
];
