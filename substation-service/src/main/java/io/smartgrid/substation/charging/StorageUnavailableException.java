package io.smartgrid.substation.charging;

/**
 * The station's store could not keep a change: the change is not acknowledged, and the station admits nothing until
 * its store is healthy again.
 */
class StorageUnavailableException extends RuntimeException {

    StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
