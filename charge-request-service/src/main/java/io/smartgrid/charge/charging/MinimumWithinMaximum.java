package io.smartgrid.charge.charging;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A charge request's {@code minPowerKw}, when given, is at most its {@code powerKw}. Reported on {@code minPowerKw},
 * so that the problem names that field beside any other bad one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MinimumWithinMaximum.Check.class)
@interface MinimumWithinMaximum {

    String message() default "must be at most powerKw";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check itself. */
    class Check implements ConstraintValidator<MinimumWithinMaximum, ChargeRequest> {

        @Override
        public boolean isValid(ChargeRequest request, ConstraintValidatorContext context) {
            if (request == null || request.minPowerKw() == null || request.powerKw() == null
                    || !(request.minPowerKw() > request.powerKw())) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("minPowerKw").addConstraintViolation();
            return false;
        }
    }
}
