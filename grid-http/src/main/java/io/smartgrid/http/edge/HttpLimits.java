package io.smartgrid.http.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what a caller may send ({@code grid.http.*}).
 *
 * @param maxBodySize the largest request body accepted; larger ones get {@code 413} before anything parses them
 */
@ConfigurationProperties("grid.http")
record HttpLimits(@DefaultValue("16KB") DataSize maxBodySize) {
}
