package io.smartgrid.balancer.registry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Guards the registration API with the operators' token. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorTokenProperties.class)
class RegistrationWebConfiguration implements WebMvcConfigurer {

    private final OperatorToken token;

    RegistrationWebConfiguration(OperatorTokenProperties properties) {
        this.token = new OperatorToken(properties.token());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new OperatorTokenInterceptor(token)).addPathPatterns("/registrations", "/registrations/**");
    }
}
