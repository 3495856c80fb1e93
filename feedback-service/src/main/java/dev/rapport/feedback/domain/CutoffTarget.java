package dev.rapport.feedback.domain;

/** What a cut-off looks at: the total, or every single answered item (SRS: any item below 9). */
public enum CutoffTarget {
    TOTAL("total"),
    ANY_ITEM("anyItem");

    private final String jsonName;

    CutoffTarget(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
