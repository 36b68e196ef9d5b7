package io.streamnotifier.config;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * A configuration class of one area: Camel hands it the context before it binds its beans, and each bean reads its
 * area's settings record from the context's properties.
 * <p>
 * Configuration classes are taken in no fixed order (the tests find them by scanning the package), so a bean that
 * needs another class's bean is bound {@code lazy = true} and gets it by {@code @BeanInject}; its class's
 * {@link #configure} then builds it with {@link #build}, once every class has bound its beans, so that a wrong setting
 * still stops the start. Camel hands its context only to beans bound at once: a lazy bean that needs it gets it from
 * {@link #withContext}. A lazy binding also wins over a plain one of the same name made later: whoever replaces such a
 * bean (the {@code render} command its {@code deadLetters}) unbinds it first.
 */
public abstract class AreaConfiguration implements CamelConfiguration, CamelContextAware {

    private CamelContext camelContext;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Builds the named beans now (looks them up), rather than at their first use. */
    protected static void build(CamelContext context, String... names) {
        for (String name : names) {
            if (context.getRegistry().lookupByName(name) == null) {
                throw new IllegalStateException("no bean " + name);
            }
        }
    }

    /** The bean, given the context if it is {@link CamelContextAware}. */
    protected <T> T withContext(T bean) {
        CamelContextAware.trySetCamelContext(bean, camelContext);
        return bean;
    }

    /** The settings' values as the service has them (application.properties, overrides, variables). */
    protected SettingValues values() {
        return SettingValues.of(camelContext);
    }
}
