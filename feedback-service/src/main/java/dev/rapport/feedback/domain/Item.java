package dev.rapport.feedback.domain;

import java.util.Objects;

/**
 * One question of an instrument.
 *
 * @param id       the key of its answer in a submitted form ("1".."n" for the bundled instruments)
 * @param text     the wording shown to the client; null when the wording is licensed and the
 *                 organisation has not supplied it
 * @param label    a short, non-copyrightable name (SRS: "relationship"), or null
 * @param subscale the subscale the item belongs to, or null
 */
public record Item(String id, String text, String label, String subscale) {

    public Item {
        Objects.requireNonNull(id, "id");
    }
}
