/**
 * Pub/Sub for one instance (Redis' pubsub.c): who listens to which channel, pattern or shard
 * channel, and delivery of messages as pushes (RESP3 `>`, an array in RESP2).
 *
 * Subscribers of a channel are kept in subscription order (Redis keeps a list per channel),
 * so fan-out order matches the real server. Patterns are kept in first-subscription order;
 * Redis iterates its pattern dictionary in hash order, which only matters when one client
 * holds several patterns matching the same channel.
 */
import type { Client } from "./client";
import { SSUBSCRIBE_DENY_BLOCKING } from "./errors";
import { bulk, int, NULL, push, type Reply } from "./reply";
import { globMatch } from "./util/glob";

/** One client's subscriptions (Redis' c->pubsub_channels, pubsub_patterns, pubsubshard_channels). */
export class ClientSubscriptions {
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();

  /** The running count in (P)SUBSCRIBE / (P)UNSUBSCRIBE confirmations (clientSubscriptionsCount). */
  get count(): number {
    return this.channels.size + this.patterns.size;
  }

  /** Redis clears CLIENT_PUBSUB only when no subscription of any kind is left. */
  get total(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }
}

type Kind = "channel" | "pattern" | "shard";

const SUBSCRIBE_WORD: Record<Kind, string> = { channel: "subscribe", pattern: "psubscribe", shard: "ssubscribe" };
const UNSUBSCRIBE_WORD: Record<Kind, string> = { channel: "unsubscribe", pattern: "punsubscribe", shard: "sunsubscribe" };

export class PubSub {
  /** channel → subscribed clients, in subscription order. */
  readonly channels = new Map<string, Set<Client>>();
  /** pattern → subscribed clients. */
  readonly patterns = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();

  /** True while the client is in subscribed mode (Redis' CLIENT_PUBSUB flag). */
  static subscribed(c: Client): boolean {
    return (c.subscriptions?.total ?? 0) > 0;
  }

  private table(kind: Kind): Map<string, Set<Client>> {
    return kind === "channel" ? this.channels : kind === "pattern" ? this.patterns : this.shardChannels;
  }

  private own(c: Client, kind: Kind): Set<string> {
    const s = (c.subscriptions ??= new ClientSubscriptions());
    return kind === "channel" ? s.channels : kind === "pattern" ? s.patterns : s.shardChannels;
  }

  private countFor(c: Client, kind: Kind): number {
    const s = c.subscriptions;
    if (!s) return 0;
    return kind === "shard" ? s.shardChannels.size : s.count;
  }

  /**
   * (P|S)SUBSCRIBE: one confirmation per name, each with the running count. All but the last
   * are pushed at once; the last is the command's reply, so a host writes them in order.
   */
  subscribe(c: Client, kind: Kind, names: readonly string[]): Reply {
    // 7.0 lets SUBSCRIBE and PSUBSCRIBE run inside EXEC but refuses SSUBSCRIBE there (EXEC
    // runs its queue as a DENY BLOCKING client and only the former make an exception for MULTI).
    if (kind === "shard" && c.multi?.executing) return SSUBSCRIBE_DENY_BLOCKING;
    const mine = this.own(c, kind);
    const table = this.table(kind);
    const replies: Reply[] = [];
    for (const name of names) {
      if (!mine.has(name)) {
        mine.add(name);
        let subs = table.get(name);
        if (!subs) table.set(name, (subs = new Set()));
        subs.add(c);
      }
      replies.push(push([bulk(SUBSCRIBE_WORD[kind]), bulk(name), int(this.countFor(c, kind))]));
    }
    return this.deliverAllButLast(c, replies);
  }

  /**
   * (P|S)UNSUBSCRIBE: the named subscriptions, or all of them when none is named; with
   * nothing to drop the single confirmation carries a null name.
   */
  unsubscribe(c: Client, kind: Kind, names: readonly string[]): Reply {
    const mine = this.own(c, kind);
    const list = names.length ? names : [...mine];
    const replies: Reply[] = [];
    for (const name of list) {
      this.drop(c, kind, name);
      replies.push(push([bulk(UNSUBSCRIBE_WORD[kind]), bulk(name), int(this.countFor(c, kind))]));
    }
    if (!replies.length) replies.push(push([bulk(UNSUBSCRIBE_WORD[kind]), NULL, int(this.countFor(c, kind))]));
    return this.deliverAllButLast(c, replies);
  }

  private drop(c: Client, kind: Kind, name: string): void {
    const mine = this.own(c, kind);
    if (!mine.delete(name)) return;
    const table = this.table(kind);
    const subs = table.get(name);
    if (!subs) return;
    subs.delete(c);
    if (!subs.size) table.delete(name);
  }

  private deliverAllButLast(c: Client, replies: Reply[]): Reply {
    for (let i = 0; i < replies.length - 1; i++) c.push(replies[i]);
    return replies[replies.length - 1];
  }

  /** RESET and disconnection: every subscription goes, without confirmations. */
  forget(c: Client): void {
    const s = c.subscriptions;
    if (!s) return;
    for (const name of [...s.channels]) this.drop(c, "channel", name);
    for (const name of [...s.patterns]) this.drop(c, "pattern", name);
    for (const name of [...s.shardChannels]) this.drop(c, "shard", name);
    c.subscriptions = null;
  }

  /** PUBLISH: delivers to channel subscribers, then to matching patterns; returns the receivers. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs) {
      const msg = push([bulk("message"), bulk(channel), bulk(message)]);
      for (const c of [...subs]) {
        c.push(msg);
        receivers++;
      }
    }
    if (this.patterns.size) {
      for (const [pattern, clients] of [...this.patterns]) {
        if (!globMatch(pattern, channel)) continue;
        const msg = push([bulk("pmessage"), bulk(pattern), bulk(channel), bulk(message)]);
        for (const c of [...clients]) {
          c.push(msg);
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard channel subscribers only. */
  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (!subs) return 0;
    const msg = push([bulk("smessage"), bulk(channel), bulk(message)]);
    for (const c of [...subs]) c.push(msg);
    return subs.size;
  }
}
