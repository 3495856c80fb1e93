package dev.rapport.platform.security;

import java.util.List;

/** The realm roles of docs/api.md. */
public final class Roles {
    public static final String CLIENT = "client";
    public static final String COUNSELLOR = "counsellor";
    public static final String SUPERVISOR = "supervisor";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";

    static final List<String> BY_REACH = List.of(ADMIN, SUPERVISOR, ANALYST, COUNSELLOR, CLIENT);

    private Roles() {}
}
