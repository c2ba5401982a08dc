package fr.barometre.scoring.problem;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON path of a Bean Validation violation, as {@code answers[2].question}: the path the caller
 * wrote, in the same form as {@link JsonPaths}. The method and parameter nodes of a violation on a
 * resource method's parameter are left out (the path starts inside the request body), list elements are
 * {@code [index]}, map entries {@code .key}, and a property renamed by {@link JsonProperty} is written
 * with its JSON name. A violation on the body itself has the empty path.
 */
public final class ViolationPaths {

    private ViolationPaths() {
    }

    /** Whether the violation is on a parameter of a method (a request the caller sent), not on what a method returned or on an object the service built. */
    public static boolean onParameter(ConstraintViolation<?> violation) {
        Iterator<Path.Node> nodes = violation.getPropertyPath().iterator();
        return nodes.hasNext() && nodes.next().getKind() == ElementKind.METHOD
                && nodes.hasNext() && nodes.next().getKind() == ElementKind.PARAMETER;
    }

    public static String of(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        Object current = violation.getRootBean();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> {
                    Object[] arguments = violation.getExecutableParameters();
                    int index = node.as(Path.ParameterNode.class).getParameterIndex();
                    current = arguments != null && index < arguments.length ? arguments[index] : null;
                }
                default -> {   // PROPERTY, BEAN, CONTAINER_ELEMENT
                    if (node.isInIterable()) {
                        current = element(current, node, path);
                    }
                    if (node.getKind() == ElementKind.PROPERTY) {
                        if (!path.isEmpty()) {
                            path.append('.');
                        }
                        Class<?> type = current == null ? null : current.getClass();
                        path.append(jsonName(type, node.getName()));
                        current = value(current, node.getName());
                    }
                }
            }
        }
        return path.toString();
    }

    /** Steps into the element of {@code container} the node is about, writing its index or key. */
    private static Object element(Object container, Path.Node node, StringBuilder path) {
        if (node.getKey() != null || container instanceof Map<?, ?>) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(node.getKey());
            return container instanceof Map<?, ?> map ? map.get(node.getKey()) : null;
        }
        Integer index = node.getIndex();
        path.append('[').append(index == null ? "" : index).append(']');
        if (index == null) {
            return null;
        }
        if (container instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                if (i++ == index) {
                    return item;
                }
            }
        } else if (container != null && container.getClass().isArray() && index < Array.getLength(container)) {
            return Array.get(container, index);
        }
        return null;
    }

    /** The JSON name of a Java property: its {@link JsonProperty} value, or the property name itself. */
    static String jsonName(Class<?> type, String property) {
        for (AnnotatedElement element : new AnnotatedElement[] {field(type, property), accessor(type, property)}) {
            JsonProperty renamed = element == null ? null : element.getAnnotation(JsonProperty.class);
            if (renamed != null && !renamed.value().isEmpty()) {
                return renamed.value();
            }
        }
        return property;
    }

    private static Object value(Object bean, String property) {
        try {
            Method accessor = accessor(bean == null ? null : bean.getClass(), property);
            if (accessor != null) {
                accessor.setAccessible(true);
                return accessor.invoke(bean);
            }
            Field field = field(bean == null ? null : bean.getClass(), property);
            if (field != null) {
                field.setAccessible(true);
                return field.get(bean);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;   // the names further down are then the Java names
        }
        return null;
    }

    private static Field field(Class<?> type, String property) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(property);
            } catch (NoSuchFieldException e) {
                // a superclass may declare it
            }
        }
        return null;
    }

    private static Method accessor(Class<?> type, String property) {
        if (type == null) {
            return null;
        }
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals(property)) {
                    return component.getAccessor();
                }
            }
            return null;
        }
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String name : new String[] {"get" + suffix, "is" + suffix}) {
            try {
                return type.getMethod(name);
            } catch (NoSuchMethodException e) {
                // the other form, or no public accessor
            }
        }
        return null;
    }
}
