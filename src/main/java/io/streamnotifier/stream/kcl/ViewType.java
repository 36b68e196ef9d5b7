package io.streamnotifier.stream.kcl;

/** The images a stream record carries (the stream's StreamViewType), or that a route needs. */
public enum ViewType {
    KEYS_ONLY,
    NEW_IMAGE,
    OLD_IMAGE,
    NEW_AND_OLD_IMAGES
}
