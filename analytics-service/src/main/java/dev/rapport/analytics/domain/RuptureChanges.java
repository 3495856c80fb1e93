package dev.rapport.analytics.domain;

import java.util.List;

/**
 * The difference between two analyses of the same client's history on one instrument (episodes
 * matched by the feedback that opened them): a new form, a form that arrives after later ones (it
 * can move where an episode opens or ends), or an erasure (the history after is empty). Each list
 * is one +1 or −1 on the day the episode concerned opened.
 *
 * @param ruptured   ruptures that exist only after: +1 ruptures
 * @param unruptured ruptures that existed only before: −1 ruptures
 * @param repaired   ruptures repaired after but not before (including new ones): +1 repairs
 * @param unrepaired ruptures repaired before but not after (including vanished ones): −1 repairs
 */
public record RuptureChanges(
        List<Rupture> ruptured,
        List<Rupture> unruptured,
        List<Rupture> repaired,
        List<Rupture> unrepaired) {

    public RuptureChanges {
        ruptured = List.copyOf(ruptured);
        unruptured = List.copyOf(unruptured);
        repaired = List.copyOf(repaired);
        unrepaired = List.copyOf(unrepaired);
    }

    public boolean isNone() {
        return ruptured.isEmpty() && unruptured.isEmpty() && repaired.isEmpty() && unrepaired.isEmpty();
    }
}
