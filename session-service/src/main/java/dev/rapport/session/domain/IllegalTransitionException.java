package dev.rapport.session.domain;

public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(Transition transition, SessionStatus current) {
        super("A session that is " + current + " cannot be " + transition.verb().replace('-', ' '), null, false, false);
    }
}
