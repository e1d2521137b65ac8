using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;

namespace Rostrvm.PowerShell.Infrastructure
{
    /// <summary>
    /// Turns a pipeline object back into a core type: the object itself when it is one, or, for
    /// one that came over remoting (Deserialized.*, a property bag), a new one filled property by
    /// property, arrays of core objects included.
    /// </summary>
    internal static class PipelineObjectReader
    {
        /// <summary>True when the object is, or was before serialization, of type T.</summary>
        public static bool Is<T>(PSObject input)
        {
            if (input.BaseObject is T) return true;
            var name = typeof(T).FullName;
            foreach (var typeName in input.TypeNames)
                if (typeName == name || typeName == "Deserialized." + name) return true;
            return false;
        }

        public static T Read<T>(PSObject input) where T : class, new() => input.BaseObject as T ?? (T)Fill(typeof(T), input);

        private static object Fill(Type type, PSObject input)
        {
            if (type.IsInstanceOfType(input.BaseObject)) return input.BaseObject;
            var result = Activator.CreateInstance(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!property.CanWrite) continue;
                var value = input.Properties[property.Name]?.Value;
                if (value == null) continue;
                property.SetValue(result, Convert(value, property.PropertyType));
            }
            return result;
        }

        private static object? Convert(object value, Type target)
        {
            if (value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject)) value = wrapped.BaseObject;
            if (target.IsInstanceOfType(value)) return value;
            if (target.IsArray && target.GetElementType() is Type element && value is IEnumerable items && !(value is string))
            {
                var list = new List<object?>();
                foreach (var item in items)
                {
                    var converted = Convert(item, element);
                    if (converted != null || element.IsValueType) list.Add(converted);
                }
                var array = Array.CreateInstance(element, list.Count);
                for (var i = 0; i < list.Count; i++) array.SetValue(list[i], i);
                return array;
            }
            if (target == typeof(Dictionary<string, double>) && value is System.Collections.IDictionary table)
            {
                // A deserialized dictionary (remoting) comes back as a hashtable.
                var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (System.Collections.DictionaryEntry entry in table)
                    numbers[entry.Key.ToString()] = LanguagePrimitives.ConvertTo<double>(entry.Value is PSObject p
                        ? p.BaseObject : entry.Value);
                return numbers;
            }
            var plain = Nullable.GetUnderlyingType(target) ?? target;
            if (plain.IsClass && plain != typeof(string) && value is PSObject bag) return Fill(plain, bag);
            // A nested object serialized shallower than this (it arrived as its text): left out, not a failed report.
            if (plain.IsClass && plain != typeof(string) && value is string) return null;
            return LanguagePrimitives.ConvertTo(value, target, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
