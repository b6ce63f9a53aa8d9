package studio.loc.diffusion.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;

/** Typed access to model.json fields; every failure names the field by its dotted path. */
final class JsonFields {

    private final JsonObject object;
    private final String path;

    JsonFields(JsonObject object, String path) {
        this.object = object;
        this.path = path;
    }

    private String where(String key) {
        return "model.json: \"" + (path.isEmpty() ? key : path + "." + key) + "\"";
    }

    private JsonElement required(String key) throws ModelFormatException {
        JsonElement element = object.get(key);
        if (element == null || element.isJsonNull()) {
            throw new ModelFormatException(where(key) + " is missing");
        }
        return element;
    }

    boolean has(String key) {
        return object.has(key) && !object.get(key).isJsonNull();
    }

    JsonFields object(String key) throws ModelFormatException {
        JsonElement element = required(key);
        if (!element.isJsonObject()) {
            throw new ModelFormatException(where(key) + " must be an object");
        }
        return new JsonFields(element.getAsJsonObject(), path.isEmpty() ? key : path + "." + key);
    }

    JsonObject raw() {
        return object;
    }

    String string(String key) throws ModelFormatException {
        JsonElement element = required(key);
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new ModelFormatException(where(key) + " must be a string");
        }
        return element.getAsString();
    }

    int integer(String key) throws ModelFormatException {
        return toInt(required(key), where(key));
    }

    int integerOr(String key, int fallback) throws ModelFormatException {
        return has(key) ? integer(key) : fallback;
    }

    long longInteger(String key) throws ModelFormatException {
        JsonElement element = required(key);
        double value = number(element, where(key));
        if (value != Math.rint(value) || Math.abs(value) > (1L << 53)) {
            throw new ModelFormatException(where(key) + " must be a whole number, got " + element);
        }
        return element.getAsLong();
    }

    double number(String key) throws ModelFormatException {
        return number(required(key), where(key));
    }

    List<Integer> integers(String key) throws ModelFormatException {
        JsonArray array = array(key);
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            values.add(toInt(array.get(i), where(key) + "[" + i + "]"));
        }
        return values;
    }

    JsonArray array(String key) throws ModelFormatException {
        JsonElement element = required(key);
        if (!element.isJsonArray()) {
            throw new ModelFormatException(where(key) + " must be a list");
        }
        return element.getAsJsonArray();
    }

    private static double number(JsonElement element, String where) throws ModelFormatException {
        if (!element.isJsonPrimitive() || !((JsonPrimitive) element).isNumber()) {
            throw new ModelFormatException(where + " must be a number, got " + element);
        }
        double value = element.getAsDouble();
        if (!Double.isFinite(value)) {
            throw new ModelFormatException(where + " must be a finite number, got " + element);
        }
        return value;
    }

    private static int toInt(JsonElement element, String where) throws ModelFormatException {
        double value = number(element, where);
        if (value != Math.rint(value) || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new ModelFormatException(where + " must be a whole number, got " + element);
        }
        return (int) value;
    }
}
