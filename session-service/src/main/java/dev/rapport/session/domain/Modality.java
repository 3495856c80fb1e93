package dev.rapport.session.domain;

public enum Modality {
    VIDEO, AUDIO, CHAT
}
