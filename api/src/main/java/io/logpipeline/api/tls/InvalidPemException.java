package io.logpipeline.api.tls;

/** TLS material that cannot be used; the message says what is wrong and what to do, in a user's terms. */
public final class InvalidPemException extends Exception {

    InvalidPemException(String message) {
        super(message);
    }
}
