package io.logpipeline.packaging.argocd;

import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Runs an Argo CD resource health script the way Argo CD does: the live object as the global
 * {@code obj}, only the safe standard libraries (no os, io or Java access), and the returned
 * table's {@code status} and {@code message}.
 */
final class HealthScript {

  /** What Argo CD shows for a resource. */
  record Health(String status, String message) {}

  private final String source;

  HealthScript(String source) {
    this.source = source;
  }

  Health evaluate(Map<String, Object> object) {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", toLua(object));
    LuaValue result = globals.load(source, "health.lua").call();
    LuaValue message = result.get("message");
    return new Health(result.get("status").tojstring(), message.isnil() ? "" : message.tojstring());
  }

  /** JSON-shaped Java values to Lua, as Argo CD converts the unstructured object (numbers as doubles). */
  private static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((key, item) -> table.set(String.valueOf(key), toLua(item)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Number number) {
      return LuaValue.valueOf(number.doubleValue());
    }
    if (value instanceof Boolean bool) {
      return LuaValue.valueOf(bool);
    }
    return LuaValue.valueOf(value.toString());
  }
}
