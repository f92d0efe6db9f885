/**
 * Slow start's rounds (adaptiveLimit.ts has the why): a round is the requests started until the
 * first of them is answered; it is complete when all of them are.
 */
interface Round {
	id: number;
	members: number;
	answered: number;
	closed: boolean;
	limited: boolean;
}

export class SlowStartRounds {
	/** Rounds still being answered; the newest one takes the requests that start. */
	private readonly rounds = new Map<number, Round>();

	private open: Round = newRound(0);

	/** A request starts: it joins the open round, whose id it gets. */
	join(): number {
		if (this.open.closed || !this.rounds.has(this.open.id)) {
			if (this.open.closed) this.open = newRound(this.open.id + 1);
			this.rounds.set(this.open.id, this.open);
			// Rounds whose last requests never came back (a lost answer) are dropped after a while.
			this.rounds.delete(this.open.id - 4);
		}
		this.open.members++;
		return this.open.id;
	}

	/**
	 * A member of round `id` was answered (fast) or left unmeasured. Answers true when that was
	 * the round's last answer and the limit held requests back meanwhile: the round proved more fit.
	 */
	answer(id: number, limited: boolean): boolean {
		const round = this.rounds.get(id);
		if (!round) return false;
		round.closed = true;
		round.answered++;
		round.limited ||= limited;
		if (round.answered < round.members) return false;
		this.rounds.delete(round.id);
		return round.limited;
	}
}

function newRound(id: number): Round {
	return { id, members: 0, answered: 0, closed: false, limited: false };
}
