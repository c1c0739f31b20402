package io.smartgrid.balancer.registry;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A substation's base URL: absolute {@code http} or {@code https} with a host, and no user info, query or fragment
 * (the balancer appends its own paths, and never sends credentials it was handed).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = BaseUrl.Validator.class)
@interface BaseUrl {

    String message() default "must be an http or https URL with a host and no user info, query or fragment";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Null passes: {@code @NotNull} says that. */
    final class Validator implements ConstraintValidator<BaseUrl, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || parse(value) != null;
        }

        /** The URL, or {@code null} when it is not a valid base URL. */
        static URI parse(String value) {
            if (value.length() > 2048) {
                return null;
            }
            try {
                URI uri = new URI(value);
                boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
                boolean ok = web && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
                        && uri.getRawFragment() == null && uri.getPort() <= 65535;
                return ok ? uri : null;
            }
            catch (URISyntaxException ex) {
                return null;
            }
        }
    }
}
