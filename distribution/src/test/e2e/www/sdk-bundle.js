(() => {
  var __create = Object.create;
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __getProtoOf = Object.getPrototypeOf;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __commonJS = (cb, mod) => function __require() {
    try {
      return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
    } catch (e) {
      throw mod = 0, e;
    }
  };
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
    // If the importer is in node compatibility mode or this is not an ESM
    // file that has been converted to a CommonJS file using a Babel-
    // compatible transform (i.e. "__esModule" has not been set), then set
    // "default" to the CommonJS "module.exports" for node compatibility.
    isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
    mod
  ));

  // node_modules/events/events.js
  var require_events = __commonJS({
    "node_modules/events/events.js"(exports, module) {
      "use strict";
      var R = typeof Reflect === "object" ? Reflect : null;
      var ReflectApply = R && typeof R.apply === "function" ? R.apply : function ReflectApply2(target, receiver, args) {
        return Function.prototype.apply.call(target, receiver, args);
      };
      var ReflectOwnKeys;
      if (R && typeof R.ownKeys === "function") {
        ReflectOwnKeys = R.ownKeys;
      } else if (Object.getOwnPropertySymbols) {
        ReflectOwnKeys = function ReflectOwnKeys2(target) {
          return Object.getOwnPropertyNames(target).concat(Object.getOwnPropertySymbols(target));
        };
      } else {
        ReflectOwnKeys = function ReflectOwnKeys2(target) {
          return Object.getOwnPropertyNames(target);
        };
      }
      function ProcessEmitWarning(warning) {
        if (console && console.warn) console.warn(warning);
      }
      var NumberIsNaN = Number.isNaN || function NumberIsNaN2(value) {
        return value !== value;
      };
      function EventEmitter3() {
        EventEmitter3.init.call(this);
      }
      module.exports = EventEmitter3;
      module.exports.once = once;
      EventEmitter3.EventEmitter = EventEmitter3;
      EventEmitter3.prototype._events = void 0;
      EventEmitter3.prototype._eventsCount = 0;
      EventEmitter3.prototype._maxListeners = void 0;
      var defaultMaxListeners = 10;
      function checkListener(listener) {
        if (typeof listener !== "function") {
          throw new TypeError('The "listener" argument must be of type Function. Received type ' + typeof listener);
        }
      }
      Object.defineProperty(EventEmitter3, "defaultMaxListeners", {
        enumerable: true,
        get: function() {
          return defaultMaxListeners;
        },
        set: function(arg) {
          if (typeof arg !== "number" || arg < 0 || NumberIsNaN(arg)) {
            throw new RangeError('The value of "defaultMaxListeners" is out of range. It must be a non-negative number. Received ' + arg + ".");
          }
          defaultMaxListeners = arg;
        }
      });
      EventEmitter3.init = function() {
        if (this._events === void 0 || this._events === Object.getPrototypeOf(this)._events) {
          this._events = /* @__PURE__ */ Object.create(null);
          this._eventsCount = 0;
        }
        this._maxListeners = this._maxListeners || void 0;
      };
      EventEmitter3.prototype.setMaxListeners = function setMaxListeners(n) {
        if (typeof n !== "number" || n < 0 || NumberIsNaN(n)) {
          throw new RangeError('The value of "n" is out of range. It must be a non-negative number. Received ' + n + ".");
        }
        this._maxListeners = n;
        return this;
      };
      function _getMaxListeners(that) {
        if (that._maxListeners === void 0)
          return EventEmitter3.defaultMaxListeners;
        return that._maxListeners;
      }
      EventEmitter3.prototype.getMaxListeners = function getMaxListeners() {
        return _getMaxListeners(this);
      };
      EventEmitter3.prototype.emit = function emit(type) {
        var args = [];
        for (var i = 1; i < arguments.length; i++) args.push(arguments[i]);
        var doError = type === "error";
        var events = this._events;
        if (events !== void 0)
          doError = doError && events.error === void 0;
        else if (!doError)
          return false;
        if (doError) {
          var er;
          if (args.length > 0)
            er = args[0];
          if (er instanceof Error) {
            throw er;
          }
          var err = new Error("Unhandled error." + (er ? " (" + er.message + ")" : ""));
          err.context = er;
          throw err;
        }
        var handler = events[type];
        if (handler === void 0)
          return false;
        if (typeof handler === "function") {
          ReflectApply(handler, this, args);
        } else {
          var len = handler.length;
          var listeners = arrayClone(handler, len);
          for (var i = 0; i < len; ++i)
            ReflectApply(listeners[i], this, args);
        }
        return true;
      };
      function _addListener(target, type, listener, prepend) {
        var m;
        var events;
        var existing;
        checkListener(listener);
        events = target._events;
        if (events === void 0) {
          events = target._events = /* @__PURE__ */ Object.create(null);
          target._eventsCount = 0;
        } else {
          if (events.newListener !== void 0) {
            target.emit(
              "newListener",
              type,
              listener.listener ? listener.listener : listener
            );
            events = target._events;
          }
          existing = events[type];
        }
        if (existing === void 0) {
          existing = events[type] = listener;
          ++target._eventsCount;
        } else {
          if (typeof existing === "function") {
            existing = events[type] = prepend ? [listener, existing] : [existing, listener];
          } else if (prepend) {
            existing.unshift(listener);
          } else {
            existing.push(listener);
          }
          m = _getMaxListeners(target);
          if (m > 0 && existing.length > m && !existing.warned) {
            existing.warned = true;
            var w = new Error("Possible EventEmitter memory leak detected. " + existing.length + " " + String(type) + " listeners added. Use emitter.setMaxListeners() to increase limit");
            w.name = "MaxListenersExceededWarning";
            w.emitter = target;
            w.type = type;
            w.count = existing.length;
            ProcessEmitWarning(w);
          }
        }
        return target;
      }
      EventEmitter3.prototype.addListener = function addListener(type, listener) {
        return _addListener(this, type, listener, false);
      };
      EventEmitter3.prototype.on = EventEmitter3.prototype.addListener;
      EventEmitter3.prototype.prependListener = function prependListener(type, listener) {
        return _addListener(this, type, listener, true);
      };
      function onceWrapper() {
        if (!this.fired) {
          this.target.removeListener(this.type, this.wrapFn);
          this.fired = true;
          if (arguments.length === 0)
            return this.listener.call(this.target);
          return this.listener.apply(this.target, arguments);
        }
      }
      function _onceWrap(target, type, listener) {
        var state = { fired: false, wrapFn: void 0, target, type, listener };
        var wrapped = onceWrapper.bind(state);
        wrapped.listener = listener;
        state.wrapFn = wrapped;
        return wrapped;
      }
      EventEmitter3.prototype.once = function once2(type, listener) {
        checkListener(listener);
        this.on(type, _onceWrap(this, type, listener));
        return this;
      };
      EventEmitter3.prototype.prependOnceListener = function prependOnceListener(type, listener) {
        checkListener(listener);
        this.prependListener(type, _onceWrap(this, type, listener));
        return this;
      };
      EventEmitter3.prototype.removeListener = function removeListener(type, listener) {
        var list, events, position, i, originalListener;
        checkListener(listener);
        events = this._events;
        if (events === void 0)
          return this;
        list = events[type];
        if (list === void 0)
          return this;
        if (list === listener || list.listener === listener) {
          if (--this._eventsCount === 0)
            this._events = /* @__PURE__ */ Object.create(null);
          else {
            delete events[type];
            if (events.removeListener)
              this.emit("removeListener", type, list.listener || listener);
          }
        } else if (typeof list !== "function") {
          position = -1;
          for (i = list.length - 1; i >= 0; i--) {
            if (list[i] === listener || list[i].listener === listener) {
              originalListener = list[i].listener;
              position = i;
              break;
            }
          }
          if (position < 0)
            return this;
          if (position === 0)
            list.shift();
          else {
            spliceOne(list, position);
          }
          if (list.length === 1)
            events[type] = list[0];
          if (events.removeListener !== void 0)
            this.emit("removeListener", type, originalListener || listener);
        }
        return this;
      };
      EventEmitter3.prototype.off = EventEmitter3.prototype.removeListener;
      EventEmitter3.prototype.removeAllListeners = function removeAllListeners(type) {
        var listeners, events, i;
        events = this._events;
        if (events === void 0)
          return this;
        if (events.removeListener === void 0) {
          if (arguments.length === 0) {
            this._events = /* @__PURE__ */ Object.create(null);
            this._eventsCount = 0;
          } else if (events[type] !== void 0) {
            if (--this._eventsCount === 0)
              this._events = /* @__PURE__ */ Object.create(null);
            else
              delete events[type];
          }
          return this;
        }
        if (arguments.length === 0) {
          var keys = Object.keys(events);
          var key;
          for (i = 0; i < keys.length; ++i) {
            key = keys[i];
            if (key === "removeListener") continue;
            this.removeAllListeners(key);
          }
          this.removeAllListeners("removeListener");
          this._events = /* @__PURE__ */ Object.create(null);
          this._eventsCount = 0;
          return this;
        }
        listeners = events[type];
        if (typeof listeners === "function") {
          this.removeListener(type, listeners);
        } else if (listeners !== void 0) {
          for (i = listeners.length - 1; i >= 0; i--) {
            this.removeListener(type, listeners[i]);
          }
        }
        return this;
      };
      function _listeners(target, type, unwrap) {
        var events = target._events;
        if (events === void 0)
          return [];
        var evlistener = events[type];
        if (evlistener === void 0)
          return [];
        if (typeof evlistener === "function")
          return unwrap ? [evlistener.listener || evlistener] : [evlistener];
        return unwrap ? unwrapListeners(evlistener) : arrayClone(evlistener, evlistener.length);
      }
      EventEmitter3.prototype.listeners = function listeners(type) {
        return _listeners(this, type, true);
      };
      EventEmitter3.prototype.rawListeners = function rawListeners(type) {
        return _listeners(this, type, false);
      };
      EventEmitter3.listenerCount = function(emitter, type) {
        if (typeof emitter.listenerCount === "function") {
          return emitter.listenerCount(type);
        } else {
          return listenerCount.call(emitter, type);
        }
      };
      EventEmitter3.prototype.listenerCount = listenerCount;
      function listenerCount(type) {
        var events = this._events;
        if (events !== void 0) {
          var evlistener = events[type];
          if (typeof evlistener === "function") {
            return 1;
          } else if (evlistener !== void 0) {
            return evlistener.length;
          }
        }
        return 0;
      }
      EventEmitter3.prototype.eventNames = function eventNames() {
        return this._eventsCount > 0 ? ReflectOwnKeys(this._events) : [];
      };
      function arrayClone(arr, n) {
        var copy = new Array(n);
        for (var i = 0; i < n; ++i)
          copy[i] = arr[i];
        return copy;
      }
      function spliceOne(list, index) {
        for (; index + 1 < list.length; index++)
          list[index] = list[index + 1];
        list.pop();
      }
      function unwrapListeners(arr) {
        var ret = new Array(arr.length);
        for (var i = 0; i < ret.length; ++i) {
          ret[i] = arr[i].listener || arr[i];
        }
        return ret;
      }
      function once(emitter, name) {
        return new Promise(function(resolve, reject) {
          function errorListener(err) {
            emitter.removeListener(name, resolver);
            reject(err);
          }
          function resolver() {
            if (typeof emitter.removeListener === "function") {
              emitter.removeListener("error", errorListener);
            }
            resolve([].slice.call(arguments));
          }
          ;
          eventTargetAgnosticAddListener(emitter, name, resolver, { once: true });
          if (name !== "error") {
            addErrorHandlerIfEventEmitter(emitter, errorListener, { once: true });
          }
        });
      }
      function addErrorHandlerIfEventEmitter(emitter, handler, flags) {
        if (typeof emitter.on === "function") {
          eventTargetAgnosticAddListener(emitter, "error", handler, flags);
        }
      }
      function eventTargetAgnosticAddListener(emitter, name, listener, flags) {
        if (typeof emitter.on === "function") {
          if (flags.once) {
            emitter.once(name, listener);
          } else {
            emitter.on(name, listener);
          }
        } else if (typeof emitter.addEventListener === "function") {
          emitter.addEventListener(name, function wrapListener(arg) {
            if (flags.once) {
              emitter.removeEventListener(name, wrapListener);
            }
            listener(arg);
          });
        } else {
          throw new TypeError('The "emitter" argument must be of type EventEmitter. Received type ' + typeof emitter);
        }
      }
    }
  });

  // node_modules/@protobufjs/aspromise/index.js
  var require_aspromise = __commonJS({
    "node_modules/@protobufjs/aspromise/index.js"(exports, module) {
      "use strict";
      module.exports = asPromise;
      function asPromise(fn, ctx) {
        var params = new Array(arguments.length - 1), offset = 0, index = 2, pending = true;
        while (index < arguments.length)
          params[offset++] = arguments[index++];
        return new Promise(function executor(resolve, reject) {
          params[offset] = function callback(err) {
            if (pending) {
              pending = false;
              if (err)
                reject(err);
              else {
                var params2 = new Array(arguments.length - 1), offset2 = 0;
                while (offset2 < params2.length)
                  params2[offset2++] = arguments[offset2];
                resolve.apply(null, params2);
              }
            }
          };
          try {
            fn.apply(ctx || null, params);
          } catch (err) {
            if (pending) {
              pending = false;
              reject(err);
            }
          }
        });
      }
    }
  });

  // node_modules/@protobufjs/base64/index.js
  var require_base64 = __commonJS({
    "node_modules/@protobufjs/base64/index.js"(exports) {
      "use strict";
      var base64 = exports;
      base64.length = function length(string) {
        var p = string.length;
        if (!p)
          return 0;
        var n = 0;
        while (--p % 4 > 1 && string.charAt(p) === "=")
          ++n;
        return Math.ceil(string.length * 3) / 4 - n;
      };
      var b64 = new Array(64);
      var s64 = new Array(123);
      for (i = 0; i < 64; )
        s64[b64[i] = i < 26 ? i + 65 : i < 52 ? i + 71 : i < 62 ? i - 4 : i - 59 | 43] = i++;
      var i;
      base64.encode = function encode(buffer, start, end) {
        var parts = null, chunk = [];
        var i2 = 0, j = 0, t;
        while (start < end) {
          var b = buffer[start++];
          switch (j) {
            case 0:
              chunk[i2++] = b64[b >> 2];
              t = (b & 3) << 4;
              j = 1;
              break;
            case 1:
              chunk[i2++] = b64[t | b >> 4];
              t = (b & 15) << 2;
              j = 2;
              break;
            case 2:
              chunk[i2++] = b64[t | b >> 6];
              chunk[i2++] = b64[b & 63];
              j = 0;
              break;
          }
          if (i2 > 8191) {
            (parts || (parts = [])).push(String.fromCharCode.apply(String, chunk));
            i2 = 0;
          }
        }
        if (j) {
          chunk[i2++] = b64[t];
          chunk[i2++] = 61;
          if (j === 1)
            chunk[i2++] = 61;
        }
        if (parts) {
          if (i2)
            parts.push(String.fromCharCode.apply(String, chunk.slice(0, i2)));
          return parts.join("");
        }
        return String.fromCharCode.apply(String, chunk.slice(0, i2));
      };
      var invalidEncoding = "invalid encoding";
      base64.decode = function decode(string, buffer, offset) {
        var start = offset;
        var j = 0, t;
        for (var i2 = 0; i2 < string.length; ) {
          var c = string.charCodeAt(i2++);
          if (c === 61 && j > 1)
            break;
          if ((c = s64[c]) === void 0)
            throw Error(invalidEncoding);
          switch (j) {
            case 0:
              t = c;
              j = 1;
              break;
            case 1:
              buffer[offset++] = t << 2 | (c & 48) >> 4;
              t = c;
              j = 2;
              break;
            case 2:
              buffer[offset++] = (t & 15) << 4 | (c & 60) >> 2;
              t = c;
              j = 3;
              break;
            case 3:
              buffer[offset++] = (t & 3) << 6 | c;
              j = 0;
              break;
          }
        }
        if (j === 1)
          throw Error(invalidEncoding);
        return offset - start;
      };
      base64.test = function test(string) {
        return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(string);
      };
    }
  });

  // node_modules/@protobufjs/eventemitter/index.js
  var require_eventemitter = __commonJS({
    "node_modules/@protobufjs/eventemitter/index.js"(exports, module) {
      "use strict";
      module.exports = EventEmitter3;
      function EventEmitter3() {
        this._listeners = /* @__PURE__ */ Object.create(null);
      }
      EventEmitter3.prototype.on = function on(evt, fn, ctx) {
        (this._listeners[evt] || (this._listeners[evt] = [])).push({
          fn,
          ctx: ctx || this
        });
        return this;
      };
      EventEmitter3.prototype.off = function off(evt, fn) {
        if (evt === void 0)
          this._listeners = /* @__PURE__ */ Object.create(null);
        else {
          if (fn === void 0)
            this._listeners[evt] = [];
          else {
            var listeners = this._listeners[evt];
            if (!listeners)
              return this;
            for (var i = 0; i < listeners.length; )
              if (listeners[i].fn === fn)
                listeners.splice(i, 1);
              else
                ++i;
          }
        }
        return this;
      };
      EventEmitter3.prototype.emit = function emit(evt) {
        var listeners = this._listeners[evt];
        if (listeners) {
          var args = [], i = 1;
          for (; i < arguments.length; )
            args.push(arguments[i++]);
          for (i = 0; i < listeners.length; )
            listeners[i].fn.apply(listeners[i++].ctx, args);
        }
        return this;
      };
    }
  });

  // node_modules/@protobufjs/float/index.js
  var require_float = __commonJS({
    "node_modules/@protobufjs/float/index.js"(exports, module) {
      "use strict";
      module.exports = factory(factory);
      function factory(exports2) {
        if (typeof Float32Array !== "undefined") (function() {
          var f32 = new Float32Array([-0]), f8b = new Uint8Array(f32.buffer), le = f8b[3] === 128;
          function writeFloat_f32_cpy(val, buf, pos) {
            f32[0] = val;
            buf[pos] = f8b[0];
            buf[pos + 1] = f8b[1];
            buf[pos + 2] = f8b[2];
            buf[pos + 3] = f8b[3];
          }
          function writeFloat_f32_rev(val, buf, pos) {
            f32[0] = val;
            buf[pos] = f8b[3];
            buf[pos + 1] = f8b[2];
            buf[pos + 2] = f8b[1];
            buf[pos + 3] = f8b[0];
          }
          exports2.writeFloatLE = le ? writeFloat_f32_cpy : writeFloat_f32_rev;
          exports2.writeFloatBE = le ? writeFloat_f32_rev : writeFloat_f32_cpy;
          function readFloat_f32_cpy(buf, pos) {
            f8b[0] = buf[pos];
            f8b[1] = buf[pos + 1];
            f8b[2] = buf[pos + 2];
            f8b[3] = buf[pos + 3];
            return f32[0];
          }
          function readFloat_f32_rev(buf, pos) {
            f8b[3] = buf[pos];
            f8b[2] = buf[pos + 1];
            f8b[1] = buf[pos + 2];
            f8b[0] = buf[pos + 3];
            return f32[0];
          }
          exports2.readFloatLE = le ? readFloat_f32_cpy : readFloat_f32_rev;
          exports2.readFloatBE = le ? readFloat_f32_rev : readFloat_f32_cpy;
        })();
        else (function() {
          function writeFloat_ieee754(writeUint, val, buf, pos) {
            var sign = val < 0 ? 1 : 0;
            if (sign)
              val = -val;
            if (val === 0)
              writeUint(1 / val > 0 ? (
                /* positive */
                0
              ) : (
                /* negative 0 */
                2147483648
              ), buf, pos);
            else if (isNaN(val))
              writeUint(2143289344, buf, pos);
            else if (val > 34028234663852886e22)
              writeUint((sign << 31 | 2139095040) >>> 0, buf, pos);
            else if (val < 11754943508222875e-54)
              writeUint((sign << 31 | Math.round(val / 1401298464324817e-60)) >>> 0, buf, pos);
            else {
              var exponent = Math.floor(Math.log(val) / Math.LN2), mantissa = Math.round(val * Math.pow(2, -exponent) * 8388608) & 8388607;
              writeUint((sign << 31 | exponent + 127 << 23 | mantissa) >>> 0, buf, pos);
            }
          }
          exports2.writeFloatLE = writeFloat_ieee754.bind(null, writeUintLE);
          exports2.writeFloatBE = writeFloat_ieee754.bind(null, writeUintBE);
          function readFloat_ieee754(readUint, buf, pos) {
            var uint = readUint(buf, pos), sign = (uint >> 31) * 2 + 1, exponent = uint >>> 23 & 255, mantissa = uint & 8388607;
            return exponent === 255 ? mantissa ? NaN : sign * Infinity : exponent === 0 ? sign * 1401298464324817e-60 * mantissa : sign * Math.pow(2, exponent - 150) * (mantissa + 8388608);
          }
          exports2.readFloatLE = readFloat_ieee754.bind(null, readUintLE);
          exports2.readFloatBE = readFloat_ieee754.bind(null, readUintBE);
        })();
        if (typeof Float64Array !== "undefined") (function() {
          var f64 = new Float64Array([-0]), f8b = new Uint8Array(f64.buffer), le = f8b[7] === 128;
          function writeDouble_f64_cpy(val, buf, pos) {
            f64[0] = val;
            buf[pos] = f8b[0];
            buf[pos + 1] = f8b[1];
            buf[pos + 2] = f8b[2];
            buf[pos + 3] = f8b[3];
            buf[pos + 4] = f8b[4];
            buf[pos + 5] = f8b[5];
            buf[pos + 6] = f8b[6];
            buf[pos + 7] = f8b[7];
          }
          function writeDouble_f64_rev(val, buf, pos) {
            f64[0] = val;
            buf[pos] = f8b[7];
            buf[pos + 1] = f8b[6];
            buf[pos + 2] = f8b[5];
            buf[pos + 3] = f8b[4];
            buf[pos + 4] = f8b[3];
            buf[pos + 5] = f8b[2];
            buf[pos + 6] = f8b[1];
            buf[pos + 7] = f8b[0];
          }
          exports2.writeDoubleLE = le ? writeDouble_f64_cpy : writeDouble_f64_rev;
          exports2.writeDoubleBE = le ? writeDouble_f64_rev : writeDouble_f64_cpy;
          function readDouble_f64_cpy(buf, pos) {
            f8b[0] = buf[pos];
            f8b[1] = buf[pos + 1];
            f8b[2] = buf[pos + 2];
            f8b[3] = buf[pos + 3];
            f8b[4] = buf[pos + 4];
            f8b[5] = buf[pos + 5];
            f8b[6] = buf[pos + 6];
            f8b[7] = buf[pos + 7];
            return f64[0];
          }
          function readDouble_f64_rev(buf, pos) {
            f8b[7] = buf[pos];
            f8b[6] = buf[pos + 1];
            f8b[5] = buf[pos + 2];
            f8b[4] = buf[pos + 3];
            f8b[3] = buf[pos + 4];
            f8b[2] = buf[pos + 5];
            f8b[1] = buf[pos + 6];
            f8b[0] = buf[pos + 7];
            return f64[0];
          }
          exports2.readDoubleLE = le ? readDouble_f64_cpy : readDouble_f64_rev;
          exports2.readDoubleBE = le ? readDouble_f64_rev : readDouble_f64_cpy;
        })();
        else (function() {
          function writeDouble_ieee754(writeUint, off0, off1, val, buf, pos) {
            var sign = val < 0 ? 1 : 0;
            if (sign)
              val = -val;
            if (val === 0) {
              writeUint(0, buf, pos + off0);
              writeUint(1 / val > 0 ? (
                /* positive */
                0
              ) : (
                /* negative 0 */
                2147483648
              ), buf, pos + off1);
            } else if (isNaN(val)) {
              writeUint(0, buf, pos + off0);
              writeUint(2146959360, buf, pos + off1);
            } else if (val > 17976931348623157e292) {
              writeUint(0, buf, pos + off0);
              writeUint((sign << 31 | 2146435072) >>> 0, buf, pos + off1);
            } else {
              var mantissa;
              if (val < 22250738585072014e-324) {
                mantissa = val / 5e-324;
                writeUint(mantissa >>> 0, buf, pos + off0);
                writeUint((sign << 31 | mantissa / 4294967296) >>> 0, buf, pos + off1);
              } else {
                var exponent = Math.floor(Math.log(val) / Math.LN2);
                if (exponent === 1024)
                  exponent = 1023;
                mantissa = val * Math.pow(2, -exponent);
                writeUint(mantissa * 4503599627370496 >>> 0, buf, pos + off0);
                writeUint((sign << 31 | exponent + 1023 << 20 | mantissa * 1048576 & 1048575) >>> 0, buf, pos + off1);
              }
            }
          }
          exports2.writeDoubleLE = writeDouble_ieee754.bind(null, writeUintLE, 0, 4);
          exports2.writeDoubleBE = writeDouble_ieee754.bind(null, writeUintBE, 4, 0);
          function readDouble_ieee754(readUint, off0, off1, buf, pos) {
            var lo = readUint(buf, pos + off0), hi = readUint(buf, pos + off1);
            var sign = (hi >> 31) * 2 + 1, exponent = hi >>> 20 & 2047, mantissa = 4294967296 * (hi & 1048575) + lo;
            return exponent === 2047 ? mantissa ? NaN : sign * Infinity : exponent === 0 ? sign * 5e-324 * mantissa : sign * Math.pow(2, exponent - 1075) * (mantissa + 4503599627370496);
          }
          exports2.readDoubleLE = readDouble_ieee754.bind(null, readUintLE, 0, 4);
          exports2.readDoubleBE = readDouble_ieee754.bind(null, readUintBE, 4, 0);
        })();
        return exports2;
      }
      function writeUintLE(val, buf, pos) {
        buf[pos] = val & 255;
        buf[pos + 1] = val >>> 8 & 255;
        buf[pos + 2] = val >>> 16 & 255;
        buf[pos + 3] = val >>> 24;
      }
      function writeUintBE(val, buf, pos) {
        buf[pos] = val >>> 24;
        buf[pos + 1] = val >>> 16 & 255;
        buf[pos + 2] = val >>> 8 & 255;
        buf[pos + 3] = val & 255;
      }
      function readUintLE(buf, pos) {
        return (buf[pos] | buf[pos + 1] << 8 | buf[pos + 2] << 16 | buf[pos + 3] << 24) >>> 0;
      }
      function readUintBE(buf, pos) {
        return (buf[pos] << 24 | buf[pos + 1] << 16 | buf[pos + 2] << 8 | buf[pos + 3]) >>> 0;
      }
    }
  });

  // node_modules/@protobufjs/utf8/index.js
  var require_utf8 = __commonJS({
    "node_modules/@protobufjs/utf8/index.js"(exports) {
      "use strict";
      var utf8 = exports;
      var replacementCharCode = 65533;
      utf8.length = function utf8_length(string) {
        var len = 0, c = 0;
        for (var i = 0; i < string.length; ++i) {
          c = string.charCodeAt(i);
          if (c < 128)
            len += 1;
          else if (c < 2048)
            len += 2;
          else if ((c & 64512) === 55296 && (string.charCodeAt(i + 1) & 64512) === 56320) {
            ++i;
            len += 4;
          } else
            len += 3;
        }
        return len;
      };
      utf8.read = function utf8_read(buffer, start, end) {
        if (end - start < 1)
          return "";
        var parts = null, chunk = [], i = 0, t, t2, c2, c3;
        while (start < end) {
          t = buffer[start++];
          if (t <= 127) {
            chunk[i++] = t;
          } else if (t >= 192 && t < 224) {
            c2 = (t & 31) << 6 | buffer[start++] & 63;
            chunk[i++] = c2 >= 128 ? c2 : replacementCharCode;
          } else if (t >= 224 && t < 240) {
            c3 = (t & 15) << 12 | (buffer[start++] & 63) << 6 | buffer[start++] & 63;
            chunk[i++] = c3 >= 2048 ? c3 : replacementCharCode;
          } else if (t >= 240) {
            t2 = (t & 7) << 18 | (buffer[start++] & 63) << 12 | (buffer[start++] & 63) << 6 | buffer[start++] & 63;
            if (t2 < 65536 || t2 > 1114111)
              chunk[i++] = replacementCharCode;
            else {
              t2 -= 65536;
              chunk[i++] = 55296 + (t2 >> 10);
              chunk[i++] = 56320 + (t2 & 1023);
            }
          }
          if (i > 8191) {
            (parts || (parts = [])).push(String.fromCharCode.apply(String, chunk.slice(0, i)));
            i = 0;
          }
        }
        if (parts) {
          if (i)
            parts.push(String.fromCharCode.apply(String, chunk.slice(0, i)));
          return parts.join("");
        }
        return String.fromCharCode.apply(String, chunk.slice(0, i));
      };
      utf8.write = function utf8_write(string, buffer, offset) {
        var start = offset, c1, c2;
        for (var i = 0; i < string.length; ++i) {
          c1 = string.charCodeAt(i);
          if (c1 < 128) {
            buffer[offset++] = c1;
          } else if (c1 < 2048) {
            buffer[offset++] = c1 >> 6 | 192;
            buffer[offset++] = c1 & 63 | 128;
          } else if ((c1 & 64512) === 55296 && ((c2 = string.charCodeAt(i + 1)) & 64512) === 56320) {
            c1 = 65536 + ((c1 & 1023) << 10) + (c2 & 1023);
            ++i;
            buffer[offset++] = c1 >> 18 | 240;
            buffer[offset++] = c1 >> 12 & 63 | 128;
            buffer[offset++] = c1 >> 6 & 63 | 128;
            buffer[offset++] = c1 & 63 | 128;
          } else {
            buffer[offset++] = c1 >> 12 | 224;
            buffer[offset++] = c1 >> 6 & 63 | 128;
            buffer[offset++] = c1 & 63 | 128;
          }
        }
        return offset - start;
      };
    }
  });

  // node_modules/@protobufjs/pool/index.js
  var require_pool = __commonJS({
    "node_modules/@protobufjs/pool/index.js"(exports, module) {
      "use strict";
      module.exports = pool;
      function pool(alloc, slice, size) {
        var SIZE = size || 8192;
        var MAX = SIZE >>> 1;
        var slab = null;
        var offset = SIZE;
        return function pool_alloc(size2) {
          if (size2 < 1 || size2 > MAX)
            return alloc(size2);
          if (offset + size2 > SIZE) {
            slab = alloc(SIZE);
            offset = 0;
          }
          var buf = slice.call(slab, offset, offset += size2);
          if (offset & 7)
            offset = (offset | 7) + 1;
          return buf;
        };
      }
    }
  });

  // node_modules/protobufjs/src/util/longbits.js
  var require_longbits = __commonJS({
    "node_modules/protobufjs/src/util/longbits.js"(exports, module) {
      "use strict";
      module.exports = LongBits;
      var util = require_minimal();
      function LongBits(lo, hi) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
      }
      var zero = LongBits.zero = new LongBits(0, 0);
      zero.toNumber = function() {
        return 0;
      };
      zero.zzEncode = zero.zzDecode = function() {
        return this;
      };
      zero.length = function() {
        return 1;
      };
      var zeroHash = LongBits.zeroHash = "\0\0\0\0\0\0\0\0";
      LongBits.fromNumber = function fromNumber(value) {
        if (value === 0)
          return zero;
        var sign = value < 0;
        if (sign)
          value = -value;
        var lo = value >>> 0, hi = (value - lo) / 4294967296 >>> 0;
        if (sign) {
          hi = ~hi >>> 0;
          lo = ~lo >>> 0;
          if (++lo > 4294967295) {
            lo = 0;
            if (++hi > 4294967295)
              hi = 0;
          }
        }
        return new LongBits(lo, hi);
      };
      LongBits.from = function from(value) {
        if (typeof value === "number")
          return LongBits.fromNumber(value);
        if (util.isString(value)) {
          if (util.Long)
            value = util.Long.fromString(value);
          else
            return LongBits.fromNumber(parseInt(value, 10));
        }
        return value.low || value.high ? new LongBits(value.low >>> 0, value.high >>> 0) : zero;
      };
      LongBits.prototype.toNumber = function toNumber(unsigned) {
        if (!unsigned && this.hi >>> 31) {
          var lo = ~this.lo + 1 >>> 0, hi = ~this.hi >>> 0;
          if (!lo)
            hi = hi + 1 >>> 0;
          return -(lo + hi * 4294967296);
        }
        return this.lo + this.hi * 4294967296;
      };
      LongBits.prototype.toLong = function toLong(unsigned) {
        return util.Long ? new util.Long(this.lo | 0, this.hi | 0, Boolean(unsigned)) : { low: this.lo | 0, high: this.hi | 0, unsigned: Boolean(unsigned) };
      };
      var charCodeAt = String.prototype.charCodeAt;
      LongBits.fromHash = function fromHash(hash) {
        if (hash === zeroHash)
          return zero;
        return new LongBits(
          (charCodeAt.call(hash, 0) | charCodeAt.call(hash, 1) << 8 | charCodeAt.call(hash, 2) << 16 | charCodeAt.call(hash, 3) << 24) >>> 0,
          (charCodeAt.call(hash, 4) | charCodeAt.call(hash, 5) << 8 | charCodeAt.call(hash, 6) << 16 | charCodeAt.call(hash, 7) << 24) >>> 0
        );
      };
      LongBits.prototype.toHash = function toHash() {
        return String.fromCharCode(
          this.lo & 255,
          this.lo >>> 8 & 255,
          this.lo >>> 16 & 255,
          this.lo >>> 24,
          this.hi & 255,
          this.hi >>> 8 & 255,
          this.hi >>> 16 & 255,
          this.hi >>> 24
        );
      };
      LongBits.prototype.zzEncode = function zzEncode() {
        var mask = this.hi >> 31;
        this.hi = ((this.hi << 1 | this.lo >>> 31) ^ mask) >>> 0;
        this.lo = (this.lo << 1 ^ mask) >>> 0;
        return this;
      };
      LongBits.prototype.zzDecode = function zzDecode() {
        var mask = -(this.lo & 1);
        this.lo = ((this.lo >>> 1 | this.hi << 31) ^ mask) >>> 0;
        this.hi = (this.hi >>> 1 ^ mask) >>> 0;
        return this;
      };
      LongBits.prototype.length = function length() {
        var part0 = this.lo, part1 = (this.lo >>> 28 | this.hi << 4) >>> 0, part2 = this.hi >>> 24;
        return part2 === 0 ? part1 === 0 ? part0 < 16384 ? part0 < 128 ? 1 : 2 : part0 < 2097152 ? 3 : 4 : part1 < 16384 ? part1 < 128 ? 5 : 6 : part1 < 2097152 ? 7 : 8 : part2 < 128 ? 9 : 10;
      };
    }
  });

  // node_modules/long/umd/index.js
  var require_umd = __commonJS({
    "node_modules/long/umd/index.js"(exports, module) {
      (function(global2, factory) {
        function preferDefault(exports2) {
          return exports2.default || exports2;
        }
        if (typeof define === "function" && define.amd) {
          define([], function() {
            var exports2 = {};
            factory(exports2);
            return preferDefault(exports2);
          });
        } else if (typeof exports === "object") {
          factory(exports);
          if (typeof module === "object") module.exports = preferDefault(exports);
        } else {
          (function() {
            var exports2 = {};
            factory(exports2);
            global2.Long = preferDefault(exports2);
          })();
        }
      })(
        typeof globalThis !== "undefined" ? globalThis : typeof self !== "undefined" ? self : exports,
        function(_exports) {
          "use strict";
          Object.defineProperty(_exports, "__esModule", {
            value: true
          });
          _exports.default = void 0;
          var wasm = null;
          try {
            wasm = new WebAssembly.Instance(
              new WebAssembly.Module(
                new Uint8Array([
                  // \0asm
                  0,
                  97,
                  115,
                  109,
                  // version 1
                  1,
                  0,
                  0,
                  0,
                  // section "type"
                  1,
                  13,
                  2,
                  // 0, () => i32
                  96,
                  0,
                  1,
                  127,
                  // 1, (i32, i32, i32, i32) => i32
                  96,
                  4,
                  127,
                  127,
                  127,
                  127,
                  1,
                  127,
                  // section "function"
                  3,
                  7,
                  6,
                  // 0, type 0
                  0,
                  // 1, type 1
                  1,
                  // 2, type 1
                  1,
                  // 3, type 1
                  1,
                  // 4, type 1
                  1,
                  // 5, type 1
                  1,
                  // section "global"
                  6,
                  6,
                  1,
                  // 0, "high", mutable i32
                  127,
                  1,
                  65,
                  0,
                  11,
                  // section "export"
                  7,
                  50,
                  6,
                  // 0, "mul"
                  3,
                  109,
                  117,
                  108,
                  0,
                  1,
                  // 1, "div_s"
                  5,
                  100,
                  105,
                  118,
                  95,
                  115,
                  0,
                  2,
                  // 2, "div_u"
                  5,
                  100,
                  105,
                  118,
                  95,
                  117,
                  0,
                  3,
                  // 3, "rem_s"
                  5,
                  114,
                  101,
                  109,
                  95,
                  115,
                  0,
                  4,
                  // 4, "rem_u"
                  5,
                  114,
                  101,
                  109,
                  95,
                  117,
                  0,
                  5,
                  // 5, "get_high"
                  8,
                  103,
                  101,
                  116,
                  95,
                  104,
                  105,
                  103,
                  104,
                  0,
                  0,
                  // section "code"
                  10,
                  191,
                  1,
                  6,
                  // 0, "get_high"
                  4,
                  0,
                  35,
                  0,
                  11,
                  // 1, "mul"
                  36,
                  1,
                  1,
                  126,
                  32,
                  0,
                  173,
                  32,
                  1,
                  173,
                  66,
                  32,
                  134,
                  132,
                  32,
                  2,
                  173,
                  32,
                  3,
                  173,
                  66,
                  32,
                  134,
                  132,
                  126,
                  34,
                  4,
                  66,
                  32,
                  135,
                  167,
                  36,
                  0,
                  32,
                  4,
                  167,
                  11,
                  // 2, "div_s"
                  36,
                  1,
                  1,
                  126,
                  32,
                  0,
                  173,
                  32,
                  1,
                  173,
                  66,
                  32,
                  134,
                  132,
                  32,
                  2,
                  173,
                  32,
                  3,
                  173,
                  66,
                  32,
                  134,
                  132,
                  127,
                  34,
                  4,
                  66,
                  32,
                  135,
                  167,
                  36,
                  0,
                  32,
                  4,
                  167,
                  11,
                  // 3, "div_u"
                  36,
                  1,
                  1,
                  126,
                  32,
                  0,
                  173,
                  32,
                  1,
                  173,
                  66,
                  32,
                  134,
                  132,
                  32,
                  2,
                  173,
                  32,
                  3,
                  173,
                  66,
                  32,
                  134,
                  132,
                  128,
                  34,
                  4,
                  66,
                  32,
                  135,
                  167,
                  36,
                  0,
                  32,
                  4,
                  167,
                  11,
                  // 4, "rem_s"
                  36,
                  1,
                  1,
                  126,
                  32,
                  0,
                  173,
                  32,
                  1,
                  173,
                  66,
                  32,
                  134,
                  132,
                  32,
                  2,
                  173,
                  32,
                  3,
                  173,
                  66,
                  32,
                  134,
                  132,
                  129,
                  34,
                  4,
                  66,
                  32,
                  135,
                  167,
                  36,
                  0,
                  32,
                  4,
                  167,
                  11,
                  // 5, "rem_u"
                  36,
                  1,
                  1,
                  126,
                  32,
                  0,
                  173,
                  32,
                  1,
                  173,
                  66,
                  32,
                  134,
                  132,
                  32,
                  2,
                  173,
                  32,
                  3,
                  173,
                  66,
                  32,
                  134,
                  132,
                  130,
                  34,
                  4,
                  66,
                  32,
                  135,
                  167,
                  36,
                  0,
                  32,
                  4,
                  167,
                  11
                ])
              ),
              {}
            ).exports;
          } catch {
          }
          function Long(low, high, unsigned) {
            this.low = low | 0;
            this.high = high | 0;
            this.unsigned = !!unsigned;
          }
          Long.prototype.__isLong__;
          Object.defineProperty(Long.prototype, "__isLong__", {
            value: true
          });
          function isLong(obj) {
            return (obj && obj["__isLong__"]) === true;
          }
          function ctz32(value) {
            var c = Math.clz32(value & -value);
            return value ? 31 - c : c;
          }
          Long.isLong = isLong;
          var INT_CACHE = {};
          var UINT_CACHE = {};
          function fromInt(value, unsigned) {
            var obj, cachedObj, cache;
            if (unsigned) {
              value >>>= 0;
              if (cache = 0 <= value && value < 256) {
                cachedObj = UINT_CACHE[value];
                if (cachedObj) return cachedObj;
              }
              obj = fromBits(value, 0, true);
              if (cache) UINT_CACHE[value] = obj;
              return obj;
            } else {
              value |= 0;
              if (cache = -128 <= value && value < 128) {
                cachedObj = INT_CACHE[value];
                if (cachedObj) return cachedObj;
              }
              obj = fromBits(value, value < 0 ? -1 : 0, false);
              if (cache) INT_CACHE[value] = obj;
              return obj;
            }
          }
          Long.fromInt = fromInt;
          function fromNumber(value, unsigned) {
            if (isNaN(value)) return unsigned ? UZERO : ZERO;
            if (unsigned) {
              if (value < 0) return UZERO;
              if (value >= TWO_PWR_64_DBL) return MAX_UNSIGNED_VALUE;
            } else {
              if (value <= -TWO_PWR_63_DBL) return MIN_VALUE;
              if (value + 1 >= TWO_PWR_63_DBL) return MAX_VALUE;
            }
            if (value < 0) return fromNumber(-value, unsigned).neg();
            return fromBits(
              value % TWO_PWR_32_DBL | 0,
              value / TWO_PWR_32_DBL | 0,
              unsigned
            );
          }
          Long.fromNumber = fromNumber;
          function fromBits(lowBits, highBits, unsigned) {
            return new Long(lowBits, highBits, unsigned);
          }
          Long.fromBits = fromBits;
          var pow_dbl = Math.pow;
          function fromString(str, unsigned, radix) {
            if (str.length === 0) throw Error("empty string");
            if (typeof unsigned === "number") {
              radix = unsigned;
              unsigned = false;
            } else {
              unsigned = !!unsigned;
            }
            if (str === "NaN" || str === "Infinity" || str === "+Infinity" || str === "-Infinity")
              return unsigned ? UZERO : ZERO;
            radix = radix || 10;
            if (radix < 2 || 36 < radix) throw RangeError("radix");
            var p;
            if ((p = str.indexOf("-")) > 0) throw Error("interior hyphen");
            else if (p === 0) {
              return fromString(str.substring(1), unsigned, radix).neg();
            }
            var radixToPower = fromNumber(pow_dbl(radix, 8));
            var result = ZERO;
            for (var i = 0; i < str.length; i += 8) {
              var size = Math.min(8, str.length - i), value = parseInt(str.substring(i, i + size), radix);
              if (size < 8) {
                var power = fromNumber(pow_dbl(radix, size));
                result = result.mul(power).add(fromNumber(value));
              } else {
                result = result.mul(radixToPower);
                result = result.add(fromNumber(value));
              }
            }
            result.unsigned = unsigned;
            return result;
          }
          Long.fromString = fromString;
          function fromValue(val, unsigned) {
            if (typeof val === "number") return fromNumber(val, unsigned);
            if (typeof val === "string") return fromString(val, unsigned);
            return fromBits(
              val.low,
              val.high,
              typeof unsigned === "boolean" ? unsigned : val.unsigned
            );
          }
          Long.fromValue = fromValue;
          var TWO_PWR_16_DBL = 1 << 16;
          var TWO_PWR_24_DBL = 1 << 24;
          var TWO_PWR_32_DBL = TWO_PWR_16_DBL * TWO_PWR_16_DBL;
          var TWO_PWR_64_DBL = TWO_PWR_32_DBL * TWO_PWR_32_DBL;
          var TWO_PWR_63_DBL = TWO_PWR_64_DBL / 2;
          var TWO_PWR_24 = fromInt(TWO_PWR_24_DBL);
          var ZERO = fromInt(0);
          Long.ZERO = ZERO;
          var UZERO = fromInt(0, true);
          Long.UZERO = UZERO;
          var ONE = fromInt(1);
          Long.ONE = ONE;
          var UONE = fromInt(1, true);
          Long.UONE = UONE;
          var NEG_ONE = fromInt(-1);
          Long.NEG_ONE = NEG_ONE;
          var MAX_VALUE = fromBits(4294967295 | 0, 2147483647 | 0, false);
          Long.MAX_VALUE = MAX_VALUE;
          var MAX_UNSIGNED_VALUE = fromBits(4294967295 | 0, 4294967295 | 0, true);
          Long.MAX_UNSIGNED_VALUE = MAX_UNSIGNED_VALUE;
          var MIN_VALUE = fromBits(0, 2147483648 | 0, false);
          Long.MIN_VALUE = MIN_VALUE;
          var LongPrototype = Long.prototype;
          LongPrototype.toInt = function toInt() {
            return this.unsigned ? this.low >>> 0 : this.low;
          };
          LongPrototype.toNumber = function toNumber() {
            if (this.unsigned)
              return (this.high >>> 0) * TWO_PWR_32_DBL + (this.low >>> 0);
            return this.high * TWO_PWR_32_DBL + (this.low >>> 0);
          };
          LongPrototype.toString = function toString(radix) {
            radix = radix || 10;
            if (radix < 2 || 36 < radix) throw RangeError("radix");
            if (this.isZero()) return "0";
            if (this.isNegative()) {
              if (this.eq(MIN_VALUE)) {
                var radixLong = fromNumber(radix), div = this.div(radixLong), rem1 = div.mul(radixLong).sub(this);
                return div.toString(radix) + rem1.toInt().toString(radix);
              } else return "-" + this.neg().toString(radix);
            }
            var radixToPower = fromNumber(pow_dbl(radix, 6), this.unsigned), rem = this;
            var result = "";
            while (true) {
              var remDiv = rem.div(radixToPower), intval = rem.sub(remDiv.mul(radixToPower)).toInt() >>> 0, digits = intval.toString(radix);
              rem = remDiv;
              if (rem.isZero()) return digits + result;
              else {
                while (digits.length < 6) digits = "0" + digits;
                result = "" + digits + result;
              }
            }
          };
          LongPrototype.getHighBits = function getHighBits() {
            return this.high;
          };
          LongPrototype.getHighBitsUnsigned = function getHighBitsUnsigned() {
            return this.high >>> 0;
          };
          LongPrototype.getLowBits = function getLowBits() {
            return this.low;
          };
          LongPrototype.getLowBitsUnsigned = function getLowBitsUnsigned() {
            return this.low >>> 0;
          };
          LongPrototype.getNumBitsAbs = function getNumBitsAbs() {
            if (this.isNegative())
              return this.eq(MIN_VALUE) ? 64 : this.neg().getNumBitsAbs();
            var val = this.high != 0 ? this.high : this.low;
            for (var bit = 31; bit > 0; bit--) if ((val & 1 << bit) != 0) break;
            return this.high != 0 ? bit + 33 : bit + 1;
          };
          LongPrototype.isSafeInteger = function isSafeInteger() {
            var top11Bits = this.high >> 21;
            if (!top11Bits) return true;
            if (this.unsigned) return false;
            return top11Bits === -1 && !(this.low === 0 && this.high === -2097152);
          };
          LongPrototype.isZero = function isZero() {
            return this.high === 0 && this.low === 0;
          };
          LongPrototype.eqz = LongPrototype.isZero;
          LongPrototype.isNegative = function isNegative() {
            return !this.unsigned && this.high < 0;
          };
          LongPrototype.isPositive = function isPositive() {
            return this.unsigned || this.high >= 0;
          };
          LongPrototype.isOdd = function isOdd() {
            return (this.low & 1) === 1;
          };
          LongPrototype.isEven = function isEven() {
            return (this.low & 1) === 0;
          };
          LongPrototype.equals = function equals(other) {
            if (!isLong(other)) other = fromValue(other);
            if (this.unsigned !== other.unsigned && this.high >>> 31 === 1 && other.high >>> 31 === 1)
              return false;
            return this.high === other.high && this.low === other.low;
          };
          LongPrototype.eq = LongPrototype.equals;
          LongPrototype.notEquals = function notEquals(other) {
            return !this.eq(
              /* validates */
              other
            );
          };
          LongPrototype.neq = LongPrototype.notEquals;
          LongPrototype.ne = LongPrototype.notEquals;
          LongPrototype.lessThan = function lessThan(other) {
            return this.comp(
              /* validates */
              other
            ) < 0;
          };
          LongPrototype.lt = LongPrototype.lessThan;
          LongPrototype.lessThanOrEqual = function lessThanOrEqual(other) {
            return this.comp(
              /* validates */
              other
            ) <= 0;
          };
          LongPrototype.lte = LongPrototype.lessThanOrEqual;
          LongPrototype.le = LongPrototype.lessThanOrEqual;
          LongPrototype.greaterThan = function greaterThan(other) {
            return this.comp(
              /* validates */
              other
            ) > 0;
          };
          LongPrototype.gt = LongPrototype.greaterThan;
          LongPrototype.greaterThanOrEqual = function greaterThanOrEqual(other) {
            return this.comp(
              /* validates */
              other
            ) >= 0;
          };
          LongPrototype.gte = LongPrototype.greaterThanOrEqual;
          LongPrototype.ge = LongPrototype.greaterThanOrEqual;
          LongPrototype.compare = function compare(other) {
            if (!isLong(other)) other = fromValue(other);
            if (this.eq(other)) return 0;
            var thisNeg = this.isNegative(), otherNeg = other.isNegative();
            if (thisNeg && !otherNeg) return -1;
            if (!thisNeg && otherNeg) return 1;
            if (!this.unsigned) return this.sub(other).isNegative() ? -1 : 1;
            return other.high >>> 0 > this.high >>> 0 || other.high === this.high && other.low >>> 0 > this.low >>> 0 ? -1 : 1;
          };
          LongPrototype.comp = LongPrototype.compare;
          LongPrototype.negate = function negate() {
            if (!this.unsigned && this.eq(MIN_VALUE)) return MIN_VALUE;
            return this.not().add(ONE);
          };
          LongPrototype.neg = LongPrototype.negate;
          LongPrototype.add = function add(addend) {
            if (!isLong(addend)) addend = fromValue(addend);
            var a48 = this.high >>> 16;
            var a32 = this.high & 65535;
            var a16 = this.low >>> 16;
            var a00 = this.low & 65535;
            var b48 = addend.high >>> 16;
            var b32 = addend.high & 65535;
            var b16 = addend.low >>> 16;
            var b00 = addend.low & 65535;
            var c48 = 0, c32 = 0, c16 = 0, c00 = 0;
            c00 += a00 + b00;
            c16 += c00 >>> 16;
            c00 &= 65535;
            c16 += a16 + b16;
            c32 += c16 >>> 16;
            c16 &= 65535;
            c32 += a32 + b32;
            c48 += c32 >>> 16;
            c32 &= 65535;
            c48 += a48 + b48;
            c48 &= 65535;
            return fromBits(c16 << 16 | c00, c48 << 16 | c32, this.unsigned);
          };
          LongPrototype.subtract = function subtract(subtrahend) {
            if (!isLong(subtrahend)) subtrahend = fromValue(subtrahend);
            return this.add(subtrahend.neg());
          };
          LongPrototype.sub = LongPrototype.subtract;
          LongPrototype.multiply = function multiply(multiplier) {
            if (this.isZero()) return this;
            if (!isLong(multiplier)) multiplier = fromValue(multiplier);
            if (wasm) {
              var low = wasm["mul"](
                this.low,
                this.high,
                multiplier.low,
                multiplier.high
              );
              return fromBits(low, wasm["get_high"](), this.unsigned);
            }
            if (multiplier.isZero()) return this.unsigned ? UZERO : ZERO;
            if (this.eq(MIN_VALUE)) return multiplier.isOdd() ? MIN_VALUE : ZERO;
            if (multiplier.eq(MIN_VALUE)) return this.isOdd() ? MIN_VALUE : ZERO;
            if (this.isNegative()) {
              if (multiplier.isNegative()) return this.neg().mul(multiplier.neg());
              else return this.neg().mul(multiplier).neg();
            } else if (multiplier.isNegative())
              return this.mul(multiplier.neg()).neg();
            if (this.lt(TWO_PWR_24) && multiplier.lt(TWO_PWR_24))
              return fromNumber(
                this.toNumber() * multiplier.toNumber(),
                this.unsigned
              );
            var a48 = this.high >>> 16;
            var a32 = this.high & 65535;
            var a16 = this.low >>> 16;
            var a00 = this.low & 65535;
            var b48 = multiplier.high >>> 16;
            var b32 = multiplier.high & 65535;
            var b16 = multiplier.low >>> 16;
            var b00 = multiplier.low & 65535;
            var c48 = 0, c32 = 0, c16 = 0, c00 = 0;
            c00 += a00 * b00;
            c16 += c00 >>> 16;
            c00 &= 65535;
            c16 += a16 * b00;
            c32 += c16 >>> 16;
            c16 &= 65535;
            c16 += a00 * b16;
            c32 += c16 >>> 16;
            c16 &= 65535;
            c32 += a32 * b00;
            c48 += c32 >>> 16;
            c32 &= 65535;
            c32 += a16 * b16;
            c48 += c32 >>> 16;
            c32 &= 65535;
            c32 += a00 * b32;
            c48 += c32 >>> 16;
            c32 &= 65535;
            c48 += a48 * b00 + a32 * b16 + a16 * b32 + a00 * b48;
            c48 &= 65535;
            return fromBits(c16 << 16 | c00, c48 << 16 | c32, this.unsigned);
          };
          LongPrototype.mul = LongPrototype.multiply;
          LongPrototype.divide = function divide(divisor) {
            if (!isLong(divisor)) divisor = fromValue(divisor);
            if (divisor.isZero()) throw Error("division by zero");
            if (wasm) {
              if (!this.unsigned && this.high === -2147483648 && divisor.low === -1 && divisor.high === -1) {
                return this;
              }
              var low = (this.unsigned ? wasm["div_u"] : wasm["div_s"])(
                this.low,
                this.high,
                divisor.low,
                divisor.high
              );
              return fromBits(low, wasm["get_high"](), this.unsigned);
            }
            if (this.isZero()) return this.unsigned ? UZERO : ZERO;
            var approx, rem, res;
            if (!this.unsigned) {
              if (this.eq(MIN_VALUE)) {
                if (divisor.eq(ONE) || divisor.eq(NEG_ONE))
                  return MIN_VALUE;
                else if (divisor.eq(MIN_VALUE)) return ONE;
                else {
                  var halfThis = this.shr(1);
                  approx = halfThis.div(divisor).shl(1);
                  if (approx.eq(ZERO)) {
                    return divisor.isNegative() ? ONE : NEG_ONE;
                  } else {
                    rem = this.sub(divisor.mul(approx));
                    res = approx.add(rem.div(divisor));
                    return res;
                  }
                }
              } else if (divisor.eq(MIN_VALUE)) return this.unsigned ? UZERO : ZERO;
              if (this.isNegative()) {
                if (divisor.isNegative()) return this.neg().div(divisor.neg());
                return this.neg().div(divisor).neg();
              } else if (divisor.isNegative()) return this.div(divisor.neg()).neg();
              res = ZERO;
            } else {
              if (!divisor.unsigned) divisor = divisor.toUnsigned();
              if (divisor.gt(this)) return UZERO;
              if (divisor.gt(this.shru(1)))
                return UONE;
              res = UZERO;
            }
            rem = this;
            while (rem.gte(divisor)) {
              approx = Math.max(1, Math.floor(rem.toNumber() / divisor.toNumber()));
              var log2 = Math.ceil(Math.log(approx) / Math.LN2), delta = log2 <= 48 ? 1 : pow_dbl(2, log2 - 48), approxRes = fromNumber(approx), approxRem = approxRes.mul(divisor);
              while (approxRem.isNegative() || approxRem.gt(rem)) {
                approx -= delta;
                approxRes = fromNumber(approx, this.unsigned);
                approxRem = approxRes.mul(divisor);
              }
              if (approxRes.isZero()) approxRes = ONE;
              res = res.add(approxRes);
              rem = rem.sub(approxRem);
            }
            return res;
          };
          LongPrototype.div = LongPrototype.divide;
          LongPrototype.modulo = function modulo(divisor) {
            if (!isLong(divisor)) divisor = fromValue(divisor);
            if (wasm) {
              var low = (this.unsigned ? wasm["rem_u"] : wasm["rem_s"])(
                this.low,
                this.high,
                divisor.low,
                divisor.high
              );
              return fromBits(low, wasm["get_high"](), this.unsigned);
            }
            return this.sub(this.div(divisor).mul(divisor));
          };
          LongPrototype.mod = LongPrototype.modulo;
          LongPrototype.rem = LongPrototype.modulo;
          LongPrototype.not = function not() {
            return fromBits(~this.low, ~this.high, this.unsigned);
          };
          LongPrototype.countLeadingZeros = function countLeadingZeros() {
            return this.high ? Math.clz32(this.high) : Math.clz32(this.low) + 32;
          };
          LongPrototype.clz = LongPrototype.countLeadingZeros;
          LongPrototype.countTrailingZeros = function countTrailingZeros() {
            return this.low ? ctz32(this.low) : ctz32(this.high) + 32;
          };
          LongPrototype.ctz = LongPrototype.countTrailingZeros;
          LongPrototype.and = function and(other) {
            if (!isLong(other)) other = fromValue(other);
            return fromBits(
              this.low & other.low,
              this.high & other.high,
              this.unsigned
            );
          };
          LongPrototype.or = function or(other) {
            if (!isLong(other)) other = fromValue(other);
            return fromBits(
              this.low | other.low,
              this.high | other.high,
              this.unsigned
            );
          };
          LongPrototype.xor = function xor(other) {
            if (!isLong(other)) other = fromValue(other);
            return fromBits(
              this.low ^ other.low,
              this.high ^ other.high,
              this.unsigned
            );
          };
          LongPrototype.shiftLeft = function shiftLeft(numBits) {
            if (isLong(numBits)) numBits = numBits.toInt();
            if ((numBits &= 63) === 0) return this;
            else if (numBits < 32)
              return fromBits(
                this.low << numBits,
                this.high << numBits | this.low >>> 32 - numBits,
                this.unsigned
              );
            else return fromBits(0, this.low << numBits - 32, this.unsigned);
          };
          LongPrototype.shl = LongPrototype.shiftLeft;
          LongPrototype.shiftRight = function shiftRight(numBits) {
            if (isLong(numBits)) numBits = numBits.toInt();
            if ((numBits &= 63) === 0) return this;
            else if (numBits < 32)
              return fromBits(
                this.low >>> numBits | this.high << 32 - numBits,
                this.high >> numBits,
                this.unsigned
              );
            else
              return fromBits(
                this.high >> numBits - 32,
                this.high >= 0 ? 0 : -1,
                this.unsigned
              );
          };
          LongPrototype.shr = LongPrototype.shiftRight;
          LongPrototype.shiftRightUnsigned = function shiftRightUnsigned(numBits) {
            if (isLong(numBits)) numBits = numBits.toInt();
            if ((numBits &= 63) === 0) return this;
            if (numBits < 32)
              return fromBits(
                this.low >>> numBits | this.high << 32 - numBits,
                this.high >>> numBits,
                this.unsigned
              );
            if (numBits === 32) return fromBits(this.high, 0, this.unsigned);
            return fromBits(this.high >>> numBits - 32, 0, this.unsigned);
          };
          LongPrototype.shru = LongPrototype.shiftRightUnsigned;
          LongPrototype.shr_u = LongPrototype.shiftRightUnsigned;
          LongPrototype.rotateLeft = function rotateLeft(numBits) {
            var b;
            if (isLong(numBits)) numBits = numBits.toInt();
            if ((numBits &= 63) === 0) return this;
            if (numBits === 32) return fromBits(this.high, this.low, this.unsigned);
            if (numBits < 32) {
              b = 32 - numBits;
              return fromBits(
                this.low << numBits | this.high >>> b,
                this.high << numBits | this.low >>> b,
                this.unsigned
              );
            }
            numBits -= 32;
            b = 32 - numBits;
            return fromBits(
              this.high << numBits | this.low >>> b,
              this.low << numBits | this.high >>> b,
              this.unsigned
            );
          };
          LongPrototype.rotl = LongPrototype.rotateLeft;
          LongPrototype.rotateRight = function rotateRight(numBits) {
            var b;
            if (isLong(numBits)) numBits = numBits.toInt();
            if ((numBits &= 63) === 0) return this;
            if (numBits === 32) return fromBits(this.high, this.low, this.unsigned);
            if (numBits < 32) {
              b = 32 - numBits;
              return fromBits(
                this.high << b | this.low >>> numBits,
                this.low << b | this.high >>> numBits,
                this.unsigned
              );
            }
            numBits -= 32;
            b = 32 - numBits;
            return fromBits(
              this.low << b | this.high >>> numBits,
              this.high << b | this.low >>> numBits,
              this.unsigned
            );
          };
          LongPrototype.rotr = LongPrototype.rotateRight;
          LongPrototype.toSigned = function toSigned() {
            if (!this.unsigned) return this;
            return fromBits(this.low, this.high, false);
          };
          LongPrototype.toUnsigned = function toUnsigned() {
            if (this.unsigned) return this;
            return fromBits(this.low, this.high, true);
          };
          LongPrototype.toBytes = function toBytes(le) {
            return le ? this.toBytesLE() : this.toBytesBE();
          };
          LongPrototype.toBytesLE = function toBytesLE() {
            var hi = this.high, lo = this.low;
            return [
              lo & 255,
              lo >>> 8 & 255,
              lo >>> 16 & 255,
              lo >>> 24,
              hi & 255,
              hi >>> 8 & 255,
              hi >>> 16 & 255,
              hi >>> 24
            ];
          };
          LongPrototype.toBytesBE = function toBytesBE() {
            var hi = this.high, lo = this.low;
            return [
              hi >>> 24,
              hi >>> 16 & 255,
              hi >>> 8 & 255,
              hi & 255,
              lo >>> 24,
              lo >>> 16 & 255,
              lo >>> 8 & 255,
              lo & 255
            ];
          };
          Long.fromBytes = function fromBytes(bytes, unsigned, le) {
            return le ? Long.fromBytesLE(bytes, unsigned) : Long.fromBytesBE(bytes, unsigned);
          };
          Long.fromBytesLE = function fromBytesLE(bytes, unsigned) {
            return new Long(
              bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24,
              bytes[4] | bytes[5] << 8 | bytes[6] << 16 | bytes[7] << 24,
              unsigned
            );
          };
          Long.fromBytesBE = function fromBytesBE(bytes, unsigned) {
            return new Long(
              bytes[4] << 24 | bytes[5] << 16 | bytes[6] << 8 | bytes[7],
              bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3],
              unsigned
            );
          };
          if (typeof BigInt === "function") {
            Long.fromBigInt = function fromBigInt(value, unsigned) {
              var lowBits = Number(BigInt.asIntN(32, value));
              var highBits = Number(BigInt.asIntN(32, value >> BigInt(32)));
              return fromBits(lowBits, highBits, unsigned);
            };
            Long.fromValue = function fromValueWithBigInt(value, unsigned) {
              if (typeof value === "bigint") return Long.fromBigInt(value, unsigned);
              return fromValue(value, unsigned);
            };
            LongPrototype.toBigInt = function toBigInt() {
              var lowBigInt = BigInt(this.low >>> 0);
              var highBigInt = BigInt(this.unsigned ? this.high >>> 0 : this.high);
              return highBigInt << BigInt(32) | lowBigInt;
            };
          }
          var _default = _exports.default = Long;
        }
      );
    }
  });

  // node_modules/protobufjs/src/util/minimal.js
  var require_minimal = __commonJS({
    "node_modules/protobufjs/src/util/minimal.js"(exports) {
      "use strict";
      var util = exports;
      util.asPromise = require_aspromise();
      util.base64 = require_base64();
      util.EventEmitter = require_eventemitter();
      util.float = require_float();
      util.utf8 = require_utf8();
      util.pool = require_pool();
      util.LongBits = require_longbits();
      function isUnsafeProperty(key) {
        return key === "__proto__" || key === "prototype" || key === "constructor";
      }
      util.isUnsafeProperty = isUnsafeProperty;
      util.isNode = Boolean(typeof global !== "undefined" && global && global.process && global.process.versions && global.process.versions.node);
      util.global = util.isNode && global || typeof window !== "undefined" && window || typeof self !== "undefined" && self || exports;
      util.emptyArray = Object.freeze ? Object.freeze([]) : (
        /* istanbul ignore next */
        []
      );
      util.emptyObject = Object.freeze ? Object.freeze({}) : (
        /* istanbul ignore next */
        {}
      );
      util.isInteger = Number.isInteger || /* istanbul ignore next */
      function isInteger(value) {
        return typeof value === "number" && isFinite(value) && Math.floor(value) === value;
      };
      util.isString = function isString(value) {
        return typeof value === "string" || value instanceof String;
      };
      util.isObject = function isObject(value) {
        return value && typeof value === "object";
      };
      util.isset = /**
       * Checks if a property on a message is considered to be present.
       * @param {Object} obj Plain object or message instance
       * @param {string} prop Property name
       * @returns {boolean} `true` if considered to be present, otherwise `false`
       */
      util.isSet = function isSet2(obj, prop) {
        var value = obj[prop];
        if (value != null && Object.hasOwnProperty.call(obj, prop))
          return typeof value !== "object" || (Array.isArray(value) ? value.length : Object.keys(value).length) > 0;
        return false;
      };
      util.Buffer = (function() {
        try {
          var Buffer2 = util.global.Buffer;
          return Buffer2.prototype.utf8Write ? Buffer2 : (
            /* istanbul ignore next */
            null
          );
        } catch (e) {
          return null;
        }
      })();
      util._Buffer_from = null;
      util._Buffer_allocUnsafe = null;
      util.newBuffer = function newBuffer(sizeOrArray) {
        return typeof sizeOrArray === "number" ? util.Buffer ? util._Buffer_allocUnsafe(sizeOrArray) : new util.Array(sizeOrArray) : util.Buffer ? util._Buffer_from(sizeOrArray) : typeof Uint8Array === "undefined" ? sizeOrArray : new Uint8Array(sizeOrArray);
      };
      util.Array = typeof Uint8Array !== "undefined" ? Uint8Array : Array;
      util.Long = /* istanbul ignore next */
      util.global.dcodeIO && /* istanbul ignore next */
      util.global.dcodeIO.Long || /* istanbul ignore next */
      util.global.Long || (function() {
        try {
          var Long = require_umd();
          return Long && Long.isLong ? Long : null;
        } catch (e) {
          return null;
        }
      })();
      util.key2Re = /^true|false|0|1$/;
      util.key32Re = /^-?(?:0|[1-9][0-9]*)$/;
      util.key64Re = /^(?:[\\x00-\\xff]{8}|-?(?:0|[1-9][0-9]*))$/;
      util.longToHash = function longToHash(value) {
        return value ? util.LongBits.from(value).toHash() : util.LongBits.zeroHash;
      };
      util.longFromHash = function longFromHash(hash, unsigned) {
        var bits = util.LongBits.fromHash(hash);
        if (util.Long)
          return util.Long.fromBits(bits.lo, bits.hi, unsigned);
        return bits.toNumber(Boolean(unsigned));
      };
      function merge(dst) {
        var ifNotSet = typeof arguments[arguments.length - 1] === "boolean", limit = ifNotSet ? arguments.length - 1 : arguments.length;
        ifNotSet = ifNotSet && arguments[arguments.length - 1];
        for (var a = 1; a < limit; ++a) {
          var src = arguments[a];
          if (!src)
            continue;
          for (var keys = Object.keys(src), i = 0; i < keys.length; ++i)
            if (!isUnsafeProperty(keys[i]) && (dst[keys[i]] === void 0 || !ifNotSet))
              dst[keys[i]] = src[keys[i]];
        }
        return dst;
      }
      util.merge = merge;
      util.nestingLimit = 32;
      util.recursionLimit = 100;
      util.makeProp = function makeProp(obj, key) {
        Object.defineProperty(obj, key, {
          enumerable: true,
          configurable: true,
          writable: true
        });
      };
      util.lcFirst = function lcFirst(str) {
        return str.charAt(0).toLowerCase() + str.substring(1);
      };
      function newError(name) {
        function CustomError(message, properties) {
          if (!(this instanceof CustomError))
            return new CustomError(message, properties);
          Object.defineProperty(this, "message", { get: function() {
            return message;
          } });
          if (Error.captureStackTrace)
            Error.captureStackTrace(this, CustomError);
          else
            Object.defineProperty(this, "stack", { value: new Error().stack || "" });
          if (properties)
            merge(this, properties);
        }
        CustomError.prototype = Object.create(Error.prototype, {
          constructor: {
            value: CustomError,
            writable: true,
            enumerable: false,
            configurable: true
          },
          name: {
            get: function get() {
              return name;
            },
            set: void 0,
            enumerable: false,
            // configurable: false would accurately preserve the behavior of
            // the original, but I'm guessing that was not intentional.
            // For an actual error subclass, this property would
            // be configurable.
            configurable: true
          },
          toString: {
            value: function value() {
              return this.name + ": " + this.message;
            },
            writable: true,
            enumerable: false,
            configurable: true
          }
        });
        return CustomError;
      }
      util.newError = newError;
      util.ProtocolError = newError("ProtocolError");
      util.oneOfGetter = function getOneOf(fieldNames) {
        var fieldMap = {};
        for (var i = 0; i < fieldNames.length; ++i)
          fieldMap[fieldNames[i]] = 1;
        return function() {
          for (var keys = Object.keys(this), i2 = keys.length - 1; i2 > -1; --i2)
            if (fieldMap[keys[i2]] === 1 && this[keys[i2]] !== void 0 && this[keys[i2]] !== null)
              return keys[i2];
        };
      };
      util.oneOfSetter = function setOneOf(fieldNames) {
        return function(name) {
          for (var i = 0; i < fieldNames.length; ++i)
            if (fieldNames[i] !== name)
              delete this[fieldNames[i]];
        };
      };
      util.toJSONOptions = {
        longs: String,
        enums: String,
        bytes: String,
        json: true
      };
      util._configure = function() {
        var Buffer2 = util.Buffer;
        if (!Buffer2) {
          util._Buffer_from = util._Buffer_allocUnsafe = null;
          return;
        }
        util._Buffer_from = Buffer2.from !== Uint8Array.from && Buffer2.from || /* istanbul ignore next */
        function Buffer_from(value, encoding) {
          return new Buffer2(value, encoding);
        };
        util._Buffer_allocUnsafe = Buffer2.allocUnsafe || /* istanbul ignore next */
        function Buffer_allocUnsafe(size) {
          return new Buffer2(size);
        };
      };
    }
  });

  // node_modules/protobufjs/src/writer.js
  var require_writer = __commonJS({
    "node_modules/protobufjs/src/writer.js"(exports, module) {
      "use strict";
      module.exports = Writer2;
      var util = require_minimal();
      var BufferWriter;
      var LongBits = util.LongBits;
      var base64 = util.base64;
      var utf8 = util.utf8;
      function Op(fn, len, val) {
        this.fn = fn;
        this.len = len;
        this.next = void 0;
        this.val = val;
      }
      function noop() {
      }
      function State(writer) {
        this.head = writer.head;
        this.tail = writer.tail;
        this.len = writer.len;
        this.next = writer.states;
      }
      function Writer2() {
        this.len = 0;
        this.head = new Op(noop, 0, 0);
        this.tail = this.head;
        this.states = null;
      }
      var create = function create2() {
        return util.Buffer ? function create_buffer_setup() {
          return (Writer2.create = function create_buffer() {
            return new BufferWriter();
          })();
        } : function create_array() {
          return new Writer2();
        };
      };
      Writer2.create = create();
      Writer2.alloc = function alloc(size) {
        return new util.Array(size);
      };
      if (util.Array !== Array)
        Writer2.alloc = util.pool(Writer2.alloc, util.Array.prototype.subarray);
      Writer2.prototype._push = function push(fn, len, val) {
        this.tail = this.tail.next = new Op(fn, len, val);
        this.len += len;
        return this;
      };
      function writeByte(val, buf, pos) {
        buf[pos] = val & 255;
      }
      function writeVarint32(val, buf, pos) {
        while (val > 127) {
          buf[pos++] = val & 127 | 128;
          val >>>= 7;
        }
        buf[pos] = val;
      }
      function VarintOp(len, val) {
        this.len = len;
        this.next = void 0;
        this.val = val;
      }
      VarintOp.prototype = Object.create(Op.prototype);
      VarintOp.prototype.fn = writeVarint32;
      Writer2.prototype.uint32 = function write_uint32(value) {
        this.len += (this.tail = this.tail.next = new VarintOp(
          (value = value >>> 0) < 128 ? 1 : value < 16384 ? 2 : value < 2097152 ? 3 : value < 268435456 ? 4 : 5,
          value
        )).len;
        return this;
      };
      Writer2.prototype.int32 = function write_int32(value) {
        return (value |= 0) < 0 ? this._push(writeVarint64, 10, LongBits.fromNumber(value)) : this.uint32(value);
      };
      Writer2.prototype.sint32 = function write_sint32(value) {
        return this.uint32((value << 1 ^ value >> 31) >>> 0);
      };
      function writeVarint64(val, buf, pos) {
        var lo = val.lo, hi = val.hi;
        while (hi) {
          buf[pos++] = lo & 127 | 128;
          lo = (lo >>> 7 | hi << 25) >>> 0;
          hi >>>= 7;
        }
        while (lo > 127) {
          buf[pos++] = lo & 127 | 128;
          lo = lo >>> 7;
        }
        buf[pos++] = lo;
      }
      Writer2.prototype.uint64 = function write_uint64(value) {
        var bits = LongBits.from(value);
        return this._push(writeVarint64, bits.length(), bits);
      };
      Writer2.prototype.int64 = Writer2.prototype.uint64;
      Writer2.prototype.sint64 = function write_sint64(value) {
        var bits = LongBits.from(value).zzEncode();
        return this._push(writeVarint64, bits.length(), bits);
      };
      Writer2.prototype.bool = function write_bool(value) {
        return this._push(writeByte, 1, value ? 1 : 0);
      };
      function writeFixed32(val, buf, pos) {
        buf[pos] = val & 255;
        buf[pos + 1] = val >>> 8 & 255;
        buf[pos + 2] = val >>> 16 & 255;
        buf[pos + 3] = val >>> 24;
      }
      Writer2.prototype.fixed32 = function write_fixed32(value) {
        return this._push(writeFixed32, 4, value >>> 0);
      };
      Writer2.prototype.sfixed32 = Writer2.prototype.fixed32;
      Writer2.prototype.fixed64 = function write_fixed64(value) {
        var bits = LongBits.from(value);
        return this._push(writeFixed32, 4, bits.lo)._push(writeFixed32, 4, bits.hi);
      };
      Writer2.prototype.sfixed64 = Writer2.prototype.fixed64;
      Writer2.prototype.float = function write_float(value) {
        return this._push(util.float.writeFloatLE, 4, value);
      };
      Writer2.prototype.double = function write_double(value) {
        return this._push(util.float.writeDoubleLE, 8, value);
      };
      var writeBytes = util.Array.prototype.set ? function writeBytes_set(val, buf, pos) {
        buf.set(val, pos);
      } : function writeBytes_for(val, buf, pos) {
        for (var i = 0; i < val.length; ++i)
          buf[pos + i] = val[i];
      };
      Writer2.prototype.bytes = function write_bytes(value) {
        var len = value.length >>> 0;
        if (!len)
          return this._push(writeByte, 1, 0);
        if (util.isString(value)) {
          var buf = Writer2.alloc(len = base64.length(value));
          base64.decode(value, buf, 0);
          value = buf;
        }
        return this.uint32(len)._push(writeBytes, len, value);
      };
      Writer2.prototype.string = function write_string(value) {
        var len = utf8.length(value);
        return len ? this.uint32(len)._push(utf8.write, len, value) : this._push(writeByte, 1, 0);
      };
      Writer2.prototype.fork = function fork() {
        this.states = new State(this);
        this.head = this.tail = new Op(noop, 0, 0);
        this.len = 0;
        return this;
      };
      Writer2.prototype.reset = function reset() {
        if (this.states) {
          this.head = this.states.head;
          this.tail = this.states.tail;
          this.len = this.states.len;
          this.states = this.states.next;
        } else {
          this.head = this.tail = new Op(noop, 0, 0);
          this.len = 0;
        }
        return this;
      };
      Writer2.prototype.ldelim = function ldelim() {
        var head = this.head, tail = this.tail, len = this.len;
        this.reset().uint32(len);
        if (len) {
          this.tail.next = head.next;
          this.tail = tail;
          this.len += len;
        }
        return this;
      };
      Writer2.prototype.finish = function finish() {
        var head = this.head.next, buf = this.constructor.alloc(this.len), pos = 0;
        while (head) {
          head.fn(head.val, buf, pos);
          pos += head.len;
          head = head.next;
        }
        return buf;
      };
      Writer2._configure = function(BufferWriter_) {
        BufferWriter = BufferWriter_;
        Writer2.create = create();
        BufferWriter._configure();
      };
    }
  });

  // node_modules/protobufjs/src/writer_buffer.js
  var require_writer_buffer = __commonJS({
    "node_modules/protobufjs/src/writer_buffer.js"(exports, module) {
      "use strict";
      module.exports = BufferWriter;
      var Writer2 = require_writer();
      (BufferWriter.prototype = Object.create(Writer2.prototype)).constructor = BufferWriter;
      var util = require_minimal();
      function BufferWriter() {
        Writer2.call(this);
      }
      BufferWriter._configure = function() {
        BufferWriter.alloc = util._Buffer_allocUnsafe;
        BufferWriter.writeBytesBuffer = util.Buffer && util.Buffer.prototype instanceof Uint8Array && util.Buffer.prototype.set.name === "set" ? function writeBytesBuffer_set(val, buf, pos) {
          buf.set(val, pos);
        } : function writeBytesBuffer_copy(val, buf, pos) {
          if (val.copy)
            val.copy(buf, pos, 0, val.length);
          else for (var i = 0; i < val.length; )
            buf[pos++] = val[i++];
        };
      };
      BufferWriter.prototype.bytes = function write_bytes_buffer(value) {
        if (util.isString(value))
          value = util._Buffer_from(value, "base64");
        var len = value.length >>> 0;
        this.uint32(len);
        if (len)
          this._push(BufferWriter.writeBytesBuffer, len, value);
        return this;
      };
      function writeStringBuffer(val, buf, pos) {
        if (val.length < 40)
          util.utf8.write(val, buf, pos);
        else if (buf.utf8Write)
          buf.utf8Write(val, pos);
        else
          buf.write(val, pos);
      }
      BufferWriter.prototype.string = function write_string_buffer(value) {
        var len = util.Buffer.byteLength(value);
        this.uint32(len);
        if (len)
          this._push(writeStringBuffer, len, value);
        return this;
      };
      BufferWriter._configure();
    }
  });

  // node_modules/protobufjs/src/reader.js
  var require_reader = __commonJS({
    "node_modules/protobufjs/src/reader.js"(exports, module) {
      "use strict";
      module.exports = Reader2;
      var util = require_minimal();
      var BufferReader;
      var LongBits = util.LongBits;
      var utf8 = util.utf8;
      function indexOutOfRange(reader, writeLength) {
        return RangeError("index out of range: " + reader.pos + " + " + (writeLength || 1) + " > " + reader.len);
      }
      function Reader2(buffer) {
        this.buf = buffer;
        this.pos = 0;
        this.len = buffer.length;
      }
      var create_array = typeof Uint8Array !== "undefined" ? function create_typed_array(buffer) {
        if (buffer instanceof Uint8Array || Array.isArray(buffer))
          return new Reader2(buffer);
        throw Error("illegal buffer");
      } : function create_array2(buffer) {
        if (Array.isArray(buffer))
          return new Reader2(buffer);
        throw Error("illegal buffer");
      };
      var create = function create2() {
        return util.Buffer ? function create_buffer_setup(buffer) {
          return (Reader2.create = function create_buffer(buffer2) {
            return util.Buffer.isBuffer(buffer2) ? new BufferReader(buffer2) : create_array(buffer2);
          })(buffer);
        } : create_array;
      };
      Reader2.create = create();
      Reader2.prototype._slice = util.Array.prototype.subarray || /* istanbul ignore next */
      util.Array.prototype.slice;
      function readVarint32NearEnd(reader) {
        var value = 0;
        for (var i = 0; i < 4; ++i) {
          if (reader.pos >= reader.len)
            throw indexOutOfRange(reader);
          var b = reader.buf[reader.pos++];
          value = (value | (b & 127) << i * 7) >>> 0;
          if (b < 128)
            return value;
        }
        throw indexOutOfRange(reader);
      }
      Reader2.prototype.uint32 = /* @__PURE__ */ (function read_uint32_setup() {
        var value = 4294967295;
        return function read_uint32() {
          if (this.len - this.pos < 5) {
            if (this.pos >= this.len)
              throw indexOutOfRange(this);
            if (this.buf[this.pos] >= 128)
              return readVarint32NearEnd(this);
          }
          value = (this.buf[this.pos] & 127) >>> 0;
          if (this.buf[this.pos++] < 128) return value;
          value = (value | (this.buf[this.pos] & 127) << 7) >>> 0;
          if (this.buf[this.pos++] < 128) return value;
          value = (value | (this.buf[this.pos] & 127) << 14) >>> 0;
          if (this.buf[this.pos++] < 128) return value;
          value = (value | (this.buf[this.pos] & 127) << 21) >>> 0;
          if (this.buf[this.pos++] < 128) return value;
          value = (value | (this.buf[this.pos] & 15) << 28) >>> 0;
          if (this.buf[this.pos++] < 128) return value;
          if ((this.pos += 5) > this.len) {
            this.pos = this.len;
            throw indexOutOfRange(this, 10);
          }
          return value;
        };
      })();
      Reader2.prototype.int32 = function read_int32() {
        return this.uint32() | 0;
      };
      Reader2.prototype.sint32 = function read_sint32() {
        var value = this.uint32();
        return value >>> 1 ^ -(value & 1) | 0;
      };
      function readLongVarint() {
        var bits = new LongBits(0, 0);
        var i = 0;
        if (this.len - this.pos > 4) {
          for (; i < 4; ++i) {
            bits.lo = (bits.lo | (this.buf[this.pos] & 127) << i * 7) >>> 0;
            if (this.buf[this.pos++] < 128)
              return bits;
          }
          bits.lo = (bits.lo | (this.buf[this.pos] & 127) << 28) >>> 0;
          bits.hi = (bits.hi | (this.buf[this.pos] & 127) >> 4) >>> 0;
          if (this.buf[this.pos++] < 128)
            return bits;
          i = 0;
        } else {
          for (; i < 3; ++i) {
            if (this.pos >= this.len)
              throw indexOutOfRange(this);
            bits.lo = (bits.lo | (this.buf[this.pos] & 127) << i * 7) >>> 0;
            if (this.buf[this.pos++] < 128)
              return bits;
          }
          bits.lo = (bits.lo | (this.buf[this.pos++] & 127) << i * 7) >>> 0;
          return bits;
        }
        if (this.len - this.pos > 4) {
          for (; i < 5; ++i) {
            bits.hi = (bits.hi | (this.buf[this.pos] & 127) << i * 7 + 3) >>> 0;
            if (this.buf[this.pos++] < 128)
              return bits;
          }
        } else {
          for (; i < 5; ++i) {
            if (this.pos >= this.len)
              throw indexOutOfRange(this);
            bits.hi = (bits.hi | (this.buf[this.pos] & 127) << i * 7 + 3) >>> 0;
            if (this.buf[this.pos++] < 128)
              return bits;
          }
        }
        throw Error("invalid varint encoding");
      }
      Reader2.prototype.bool = function read_bool() {
        return this.uint32() !== 0;
      };
      function readFixed32_end(buf, end) {
        return (buf[end - 4] | buf[end - 3] << 8 | buf[end - 2] << 16 | buf[end - 1] << 24) >>> 0;
      }
      Reader2.prototype.fixed32 = function read_fixed32() {
        if (this.pos + 4 > this.len)
          throw indexOutOfRange(this, 4);
        return readFixed32_end(this.buf, this.pos += 4);
      };
      Reader2.prototype.sfixed32 = function read_sfixed32() {
        if (this.pos + 4 > this.len)
          throw indexOutOfRange(this, 4);
        return readFixed32_end(this.buf, this.pos += 4) | 0;
      };
      function readFixed64() {
        if (this.pos + 8 > this.len)
          throw indexOutOfRange(this, 8);
        return new LongBits(readFixed32_end(this.buf, this.pos += 4), readFixed32_end(this.buf, this.pos += 4));
      }
      Reader2.prototype.float = function read_float() {
        if (this.pos + 4 > this.len)
          throw indexOutOfRange(this, 4);
        var value = util.float.readFloatLE(this.buf, this.pos);
        this.pos += 4;
        return value;
      };
      Reader2.prototype.double = function read_double() {
        if (this.pos + 8 > this.len)
          throw indexOutOfRange(this, 4);
        var value = util.float.readDoubleLE(this.buf, this.pos);
        this.pos += 8;
        return value;
      };
      Reader2.prototype.bytes = function read_bytes() {
        var length = this.uint32(), start = this.pos, end = this.pos + length;
        if (end > this.len)
          throw indexOutOfRange(this, length);
        this.pos += length;
        if (Array.isArray(this.buf))
          return this.buf.slice(start, end);
        if (start === end) {
          var nativeBuffer = util.Buffer;
          return nativeBuffer ? nativeBuffer.alloc(0) : new this.buf.constructor(0);
        }
        return this._slice.call(this.buf, start, end);
      };
      Reader2.prototype.string = function read_string() {
        var bytes = this.bytes();
        return utf8.read(bytes, 0, bytes.length);
      };
      Reader2.prototype.skip = function skip(length) {
        if (typeof length === "number") {
          if (this.pos + length > this.len)
            throw indexOutOfRange(this, length);
          this.pos += length;
        } else {
          do {
            if (this.pos >= this.len)
              throw indexOutOfRange(this);
          } while (this.buf[this.pos++] & 128);
        }
        return this;
      };
      Reader2.recursionLimit = util.recursionLimit;
      Reader2.prototype.skipType = function(wireType, depth) {
        if (depth === void 0) depth = 0;
        if (depth > Reader2.recursionLimit)
          throw Error("maximum nesting depth exceeded");
        switch (wireType) {
          case 0:
            this.skip();
            break;
          case 1:
            this.skip(8);
            break;
          case 2:
            this.skip(this.uint32());
            break;
          case 3:
            while ((wireType = this.uint32() & 7) !== 4) {
              this.skipType(wireType, depth + 1);
            }
            break;
          case 5:
            this.skip(4);
            break;
          /* istanbul ignore next */
          default:
            throw Error("invalid wire type " + wireType + " at offset " + this.pos);
        }
        return this;
      };
      Reader2._configure = function(BufferReader_) {
        BufferReader = BufferReader_;
        Reader2.create = create();
        BufferReader._configure();
        var fn = util.Long ? "toLong" : (
          /* istanbul ignore next */
          "toNumber"
        );
        util.merge(Reader2.prototype, {
          int64: function read_int64() {
            return readLongVarint.call(this)[fn](false);
          },
          uint64: function read_uint64() {
            return readLongVarint.call(this)[fn](true);
          },
          sint64: function read_sint64() {
            return readLongVarint.call(this).zzDecode()[fn](false);
          },
          fixed64: function read_fixed64() {
            return readFixed64.call(this)[fn](true);
          },
          sfixed64: function read_sfixed64() {
            return readFixed64.call(this)[fn](false);
          }
        });
      };
    }
  });

  // node_modules/protobufjs/src/reader_buffer.js
  var require_reader_buffer = __commonJS({
    "node_modules/protobufjs/src/reader_buffer.js"(exports, module) {
      "use strict";
      module.exports = BufferReader;
      var Reader2 = require_reader();
      (BufferReader.prototype = Object.create(Reader2.prototype)).constructor = BufferReader;
      var util = require_minimal();
      function BufferReader(buffer) {
        Reader2.call(this, buffer);
      }
      BufferReader._configure = function() {
        if (util.Buffer)
          BufferReader.prototype._slice = util.Buffer.prototype.slice;
      };
      BufferReader.prototype.string = function read_string_buffer() {
        var len = this.uint32();
        return this.buf.utf8Slice ? this.buf.utf8Slice(this.pos, this.pos = Math.min(this.pos + len, this.len)) : this.buf.toString("utf-8", this.pos, this.pos = Math.min(this.pos + len, this.len));
      };
      BufferReader._configure();
    }
  });

  // node_modules/protobufjs/src/rpc/service.js
  var require_service = __commonJS({
    "node_modules/protobufjs/src/rpc/service.js"(exports, module) {
      "use strict";
      module.exports = Service;
      var util = require_minimal();
      (Service.prototype = Object.create(util.EventEmitter.prototype)).constructor = Service;
      function Service(rpcImpl, requestDelimited, responseDelimited) {
        if (typeof rpcImpl !== "function")
          throw TypeError("rpcImpl must be a function");
        util.EventEmitter.call(this);
        this.rpcImpl = rpcImpl;
        this.requestDelimited = Boolean(requestDelimited);
        this.responseDelimited = Boolean(responseDelimited);
      }
      Service.prototype.rpcCall = function rpcCall(method, requestCtor, responseCtor, request, callback) {
        if (!request)
          throw TypeError("request must be specified");
        var self2 = this;
        if (!callback)
          return util.asPromise(rpcCall, self2, method, requestCtor, responseCtor, request);
        if (!self2.rpcImpl) {
          setTimeout(function() {
            callback(Error("already ended"));
          }, 0);
          return void 0;
        }
        try {
          return self2.rpcImpl(
            method,
            requestCtor[self2.requestDelimited ? "encodeDelimited" : "encode"](request).finish(),
            function rpcCallback(err, response) {
              if (err) {
                self2.emit("error", err, method);
                return callback(err);
              }
              if (response === null) {
                self2.end(
                  /* endedByRPC */
                  true
                );
                return void 0;
              }
              if (!(response instanceof responseCtor)) {
                try {
                  response = responseCtor[self2.responseDelimited ? "decodeDelimited" : "decode"](response);
                } catch (err2) {
                  self2.emit("error", err2, method);
                  return callback(err2);
                }
              }
              self2.emit("data", response, method);
              return callback(null, response);
            }
          );
        } catch (err) {
          self2.emit("error", err, method);
          setTimeout(function() {
            callback(err);
          }, 0);
          return void 0;
        }
      };
      Service.prototype.end = function end(endedByRPC) {
        if (this.rpcImpl) {
          if (!endedByRPC)
            this.rpcImpl(null, null, null);
          this.rpcImpl = null;
          this.emit("end").off();
        }
        return this;
      };
    }
  });

  // node_modules/protobufjs/src/rpc.js
  var require_rpc = __commonJS({
    "node_modules/protobufjs/src/rpc.js"(exports) {
      "use strict";
      var rpc = exports;
      rpc.Service = require_service();
    }
  });

  // node_modules/protobufjs/src/roots.js
  var require_roots = __commonJS({
    "node_modules/protobufjs/src/roots.js"(exports, module) {
      "use strict";
      module.exports = /* @__PURE__ */ Object.create(null);
    }
  });

  // node_modules/protobufjs/src/index-minimal.js
  var require_index_minimal = __commonJS({
    "node_modules/protobufjs/src/index-minimal.js"(exports) {
      "use strict";
      var protobuf = exports;
      protobuf.build = "minimal";
      protobuf.Writer = require_writer();
      protobuf.BufferWriter = require_writer_buffer();
      protobuf.Reader = require_reader();
      protobuf.BufferReader = require_reader_buffer();
      protobuf.util = require_minimal();
      protobuf.rpc = require_rpc();
      protobuf.roots = require_roots();
      protobuf.configure = configure;
      function configure() {
        protobuf.util._configure();
        protobuf.Writer._configure(protobuf.BufferWriter);
        protobuf.Reader._configure(protobuf.BufferReader);
      }
      configure();
    }
  });

  // node_modules/protobufjs/minimal.js
  var require_minimal2 = __commonJS({
    "node_modules/protobufjs/minimal.js"(exports, module) {
      "use strict";
      module.exports = require_index_minimal();
    }
  });

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/auth.js
  var AUTH_ERROR_REASONS = [
    "missing token",
    "invalid token",
    "expired token",
    "room not found",
    "peer not found",
    "peer already connected"
  ];
  var isAuthError = (error) => AUTH_ERROR_REASONS.includes(error);

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/webrtc/mediaEvent.js
  function serializeMediaEvent(mediaEvent) {
    return JSON.stringify(mediaEvent);
  }
  function deserializeMediaEvent(serializedMediaEvent) {
    return JSON.parse(serializedMediaEvent);
  }
  function generateMediaEvent(type, data) {
    let event = { type };
    if (data) {
      event = { ...event, data };
    }
    return event;
  }
  function generateCustomEvent(data) {
    return generateMediaEvent("custom", data);
  }

  // node_modules/uuid/dist/esm-browser/rng.js
  var getRandomValues;
  var rnds8 = new Uint8Array(16);
  function rng() {
    if (!getRandomValues) {
      getRandomValues = typeof crypto !== "undefined" && crypto.getRandomValues && crypto.getRandomValues.bind(crypto);
      if (!getRandomValues) {
        throw new Error("crypto.getRandomValues() not supported. See https://github.com/uuidjs/uuid#getrandomvalues-not-supported");
      }
    }
    return getRandomValues(rnds8);
  }

  // node_modules/uuid/dist/esm-browser/stringify.js
  var byteToHex = [];
  for (let i = 0; i < 256; ++i) {
    byteToHex.push((i + 256).toString(16).slice(1));
  }
  function unsafeStringify(arr, offset = 0) {
    return byteToHex[arr[offset + 0]] + byteToHex[arr[offset + 1]] + byteToHex[arr[offset + 2]] + byteToHex[arr[offset + 3]] + "-" + byteToHex[arr[offset + 4]] + byteToHex[arr[offset + 5]] + "-" + byteToHex[arr[offset + 6]] + byteToHex[arr[offset + 7]] + "-" + byteToHex[arr[offset + 8]] + byteToHex[arr[offset + 9]] + "-" + byteToHex[arr[offset + 10]] + byteToHex[arr[offset + 11]] + byteToHex[arr[offset + 12]] + byteToHex[arr[offset + 13]] + byteToHex[arr[offset + 14]] + byteToHex[arr[offset + 15]];
  }

  // node_modules/uuid/dist/esm-browser/native.js
  var randomUUID = typeof crypto !== "undefined" && crypto.randomUUID && crypto.randomUUID.bind(crypto);
  var native_default = {
    randomUUID
  };

  // node_modules/uuid/dist/esm-browser/v4.js
  function v4(options, buf, offset) {
    if (native_default.randomUUID && !buf && !options) {
      return native_default.randomUUID();
    }
    options = options || {};
    const rnds = options.random || (options.rng || rng)();
    rnds[6] = rnds[6] & 15 | 64;
    rnds[8] = rnds[8] & 63 | 128;
    if (buf) {
      offset = offset || 0;
      for (let i = 0; i < 16; ++i) {
        buf[offset + i] = rnds[i];
      }
      return buf;
    }
    return unsafeStringify(rnds);
  }
  var v4_default = v4;

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/webrtc/webRTCEndpoint.js
  var import_events = __toESM(require_events());

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/webrtc/const.js
  var simulcastTransceiverConfig = {
    direction: "sendonly",
    // keep this array from low resolution to high resolution
    // in other case lower resolution encoding can get
    // higher max_bitrate
    sendEncodings: [
      {
        rid: "l",
        active: false,
        // maxBitrate: 4_000_000,
        scaleResolutionDownBy: 4
        //   scalabilityMode: "L1T" + TEMPORAL_LAYERS_COUNT,
      },
      {
        rid: "m",
        active: false,
        scaleResolutionDownBy: 2
      },
      {
        rid: "h",
        active: false
        // maxBitrate: 4_000_000,
        // scalabilityMode: "L1T" + TEMPORAL_LAYERS_COUNT,
      }
    ]
  };
  var defaultBitrates = { audio: 5e4, video: 25e5 };
  var defaultSimulcastBitrates = {
    h: 25e5,
    m: 5e5,
    l: 15e4
  };

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/webrtc/deferred.js
  var Deferred = class {
    promise;
    resolveFn = () => null;
    rejectFn = () => null;
    constructor() {
      this.promise = new Promise((resolve, reject) => {
        this.resolveFn = resolve;
        this.rejectFn = reject;
      });
    }
    resolve(value) {
      this.resolveFn(value);
    }
    reject(reason) {
      this.rejectFn(reason);
    }
  };

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/webrtc/webRTCEndpoint.js
  var vadStatuses = ["speech", "silence"];
  var TrackContextImpl = class extends import_events.default {
    endpoint;
    trackId;
    track = null;
    stream = null;
    metadata;
    rawMetadata;
    metadataParsingError;
    simulcastConfig;
    maxBandwidth = 0;
    encoding;
    encodingReason;
    vadStatus = "silence";
    negotiationStatus = "awaiting";
    // Indicates that metadata were changed when in "offered" negotiationStatus
    // and `updateTrackMetadata` Media Event should be sent after the transition to "done"
    pendingMetadataUpdate = false;
    constructor(endpoint, trackId, metadata, simulcastConfig, metadataParser) {
      super();
      this.endpoint = endpoint;
      this.trackId = trackId;
      try {
        this.metadata = metadataParser(metadata);
      } catch (error) {
        this.metadataParsingError = error;
      }
      this.rawMetadata = metadata;
      this.simulcastConfig = simulcastConfig;
    }
  };
  var WebRTCEndpoint = class extends import_events.default {
    trackIdToTrack = /* @__PURE__ */ new Map();
    connection;
    idToEndpoint = /* @__PURE__ */ new Map();
    localEndpoint = {
      id: "",
      type: "webrtc",
      metadata: void 0,
      rawMetadata: void 0,
      tracks: /* @__PURE__ */ new Map()
    };
    localTrackIdToTrack = /* @__PURE__ */ new Map();
    midToTrackId = /* @__PURE__ */ new Map();
    disabledTrackEncodings = /* @__PURE__ */ new Map();
    rtcConfig = {
      bundlePolicy: "max-bundle",
      iceServers: [],
      iceTransportPolicy: "relay"
    };
    bandwidthEstimation = BigInt(0);
    /**
     * Indicates if an ongoing renegotiation is active.
     * During renegotiation, both parties are expected to actively exchange events: renegotiateTracks, offerData, sdpOffer, sdpAnswer.
     */
    ongoingRenegotiation = false;
    ongoingTrackReplacement = false;
    commandsQueue = [];
    commandResolutionNotifier = null;
    endpointMetadataParser;
    trackMetadataParser;
    constructor(config) {
      super();
      this.endpointMetadataParser = config?.endpointMetadataParser ?? ((x) => x);
      this.trackMetadataParser = config?.trackMetadataParser ?? ((x) => x);
    }
    /**
     * Tries to connect to the RTC Engine. If user is successfully connected then {@link WebRTCEndpointEvents.connected}
     * will be emitted.
     *
     * @param metadata - Any information that other endpoints will receive in {@link WebRTCEndpointEvents.endpointAdded}
     * after accepting this endpoint
     *
     * @example
     * ```ts
     * let webrtc = new WebRTCEndpoint();
     * webrtc.connect({displayName: "Bob"});
     * ```
     */
    connect = (metadata) => {
      try {
        this.localEndpoint.metadata = this.endpointMetadataParser(metadata);
        this.localEndpoint.metadataParsingError = void 0;
      } catch (error) {
        this.localEndpoint.metadata = void 0;
        this.localEndpoint.metadataParsingError = error;
        throw error;
      }
      this.localEndpoint.rawMetadata = metadata;
      const mediaEvent = generateMediaEvent("connect", {
        metadata: this.localEndpoint.metadata
      });
      this.sendMediaEvent(mediaEvent);
    };
    /**
     * Feeds media event received from RTC Engine to {@link WebRTCEndpoint}.
     * This function should be called whenever some media event from RTC Engine
     * was received and can result in {@link WebRTCEndpoint} generating some other
     * media events.
     *
     * @param mediaEvent - String data received over custom signalling layer.
     *
     * @example
     * This example assumes phoenix channels as signalling layer.
     * As phoenix channels require objects, RTC Engine encapsulates binary data into
     * map with one field that is converted to object with one field on the TS side.
     * ```ts
     * webrtcChannel.on("mediaEvent", (event) => webrtc.receiveMediaEvent(event.data));
     * ```
     */
    receiveMediaEvent = (mediaEvent) => {
      const deserializedMediaEvent = deserializeMediaEvent(mediaEvent);
      switch (deserializedMediaEvent.type) {
        case "connected": {
          this.localEndpoint.id = deserializedMediaEvent.data.id;
          const endpoints = deserializedMediaEvent.data.otherEndpoints;
          const otherEndpoints = endpoints.map((endpoint) => {
            const tracks = this.mapMediaEventTracksToTrackContextImpl(new Map(Object.entries(endpoint.tracks)), endpoint);
            try {
              return {
                id: endpoint.id,
                type: endpoint.type,
                metadata: this.endpointMetadataParser(endpoint.metadata),
                rawMetadata: endpoint.metadata,
                metadataParsingError: void 0,
                tracks
              };
            } catch (error) {
              return {
                id: endpoint.id,
                type: endpoint.type,
                metadata: void 0,
                rawMetadata: endpoint.metadata,
                metadataParsingError: error,
                tracks
              };
            }
          });
          this.emit("connected", deserializedMediaEvent.data.id, otherEndpoints);
          otherEndpoints.forEach((endpoint) => this.idToEndpoint.set(endpoint.id, endpoint));
          otherEndpoints.forEach((endpoint) => {
            endpoint.tracks.forEach((ctx, trackId) => {
              this.trackIdToTrack.set(trackId, ctx);
              this.emit("trackAdded", ctx);
            });
          });
          break;
        }
        default:
          if (this.localEndpoint.id != null)
            this.handleMediaEvent(deserializedMediaEvent);
      }
    };
    /**
     * Retrieves statistics related to the RTCPeerConnection.
     * These statistics provide insights into the performance and status of the connection.
     *
     * @return {Promise<RTCStatsReport>}
     *
     * @external RTCPeerConnection#getStats()
     * @see {@link https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getStats | MDN Web Docs: RTCPeerConnection.getStats()}
     */
    async getStatistics(selector) {
      return await this.connection?.getStats(selector) ?? /* @__PURE__ */ new Map();
    }
    /**
     * Returns a snapshot of currently received remote tracks.
     *
     * @example
     * if (webRTCEndpoint.getRemoteTracks()[trackId]?.simulcastConfig?.enabled) {
     *   webRTCEndpoint.setTargetTrackEncoding(trackId, encoding);
     * }
     */
    getRemoteTracks() {
      return Object.fromEntries(this.trackIdToTrack.entries());
    }
    /**
     * Returns a snapshot of currently received remote endpoints.
     */
    getRemoteEndpoints() {
      return Object.fromEntries(this.idToEndpoint.entries());
    }
    getLocalEndpoint() {
      return this.localEndpoint;
    }
    getBandwidthEstimation() {
      return this.bandwidthEstimation;
    }
    handleMediaEvent = (deserializedMediaEvent) => {
      let endpoint;
      let data;
      switch (deserializedMediaEvent.type) {
        case "offerData": {
          const turnServers = deserializedMediaEvent.data.integratedTurnServers;
          this.setTurns(turnServers);
          const offerData = new Map(Object.entries(deserializedMediaEvent.data.tracksTypes));
          this.onOfferData(offerData);
          break;
        }
        case "tracksAdded": {
          this.ongoingRenegotiation = true;
          data = deserializedMediaEvent.data;
          if (this.getEndpointId() === data.endpointId)
            return;
          data.tracks = new Map(Object.entries(data.tracks));
          endpoint = this.idToEndpoint.get(data.endpointId);
          const oldTracks = endpoint.tracks;
          data.tracks = this.mapMediaEventTracksToTrackContextImpl(data.tracks, endpoint);
          endpoint.tracks = new Map([...endpoint.tracks, ...data.tracks]);
          this.idToEndpoint.set(endpoint.id, endpoint);
          Array.from(endpoint.tracks.entries()).forEach(([trackId, ctx]) => {
            if (!oldTracks.has(trackId)) {
              this.trackIdToTrack.set(trackId, ctx);
              this.emit("trackAdded", ctx);
            }
          });
          break;
        }
        case "tracksRemoved": {
          this.ongoingRenegotiation = true;
          data = deserializedMediaEvent.data;
          const endpointId = data.endpointId;
          if (this.getEndpointId() === endpointId)
            return;
          const trackIds = data.trackIds;
          trackIds.forEach((trackId) => {
            const trackContext = this.trackIdToTrack.get(trackId);
            this.eraseTrack(trackId, endpointId);
            this.emit("trackRemoved", trackContext);
          });
          break;
        }
        case "sdpAnswer":
          this.midToTrackId = new Map(Object.entries(deserializedMediaEvent.data.midToTrackId));
          for (const trackId of Object.values(deserializedMediaEvent.data.midToTrackId)) {
            const track = this.localTrackIdToTrack.get(trackId);
            if (track) {
              track.negotiationStatus = "done";
              if (track.pendingMetadataUpdate) {
                const mediaEvent = generateMediaEvent("updateTrackMetadata", {
                  trackId,
                  trackMetadata: track.metadata
                });
                this.sendMediaEvent(mediaEvent);
              }
              track.pendingMetadataUpdate = false;
            }
          }
          this.onAnswer(deserializedMediaEvent.data);
          this.ongoingRenegotiation = false;
          this.processNextCommand();
          break;
        case "candidate":
          this.onRemoteCandidate(deserializedMediaEvent.data);
          break;
        case "endpointAdded":
          endpoint = deserializedMediaEvent.data;
          if (endpoint.id === this.getEndpointId())
            return;
          endpoint.rawMetadata = endpoint.metadata;
          try {
            endpoint.metadataParsingError = void 0;
            endpoint.metadata = this.endpointMetadataParser(endpoint.rawMetadata);
          } catch (error) {
            endpoint.metadataParsingError = error;
            endpoint.metadata = void 0;
          }
          this.addEndpoint(endpoint);
          this.emit("endpointAdded", endpoint);
          break;
        case "endpointRemoved":
          if (deserializedMediaEvent.data.id === this.localEndpoint.id) {
            this.cleanUp();
            this.emit("disconnected");
            return;
          }
          endpoint = this.idToEndpoint.get(deserializedMediaEvent.data.id);
          if (endpoint === void 0)
            return;
          Array.from(endpoint.tracks.keys()).forEach((trackId) => {
            this.emit("trackRemoved", this.trackIdToTrack.get(trackId));
          });
          this.eraseEndpoint(endpoint);
          this.emit("endpointRemoved", endpoint);
          break;
        case "endpointUpdated":
          if (this.getEndpointId() === deserializedMediaEvent.data.id)
            return;
          endpoint = this.idToEndpoint.get(deserializedMediaEvent.data.id);
          try {
            endpoint.metadata = this.endpointMetadataParser(deserializedMediaEvent.data.metadata);
            endpoint.metadataParsingError = void 0;
          } catch (error) {
            endpoint.metadata = void 0;
            endpoint.metadataParsingError = error;
          }
          endpoint.rawMetadata = deserializedMediaEvent.data.metadata;
          this.addEndpoint(endpoint);
          this.emit("endpointUpdated", endpoint);
          break;
        case "trackUpdated": {
          if (this.getEndpointId() === deserializedMediaEvent.data.endpointId)
            return;
          endpoint = this.idToEndpoint.get(deserializedMediaEvent.data.endpointId);
          if (endpoint == null)
            throw `Endpoint with id: ${deserializedMediaEvent.data.endpointId} doesn't exist`;
          const trackId = deserializedMediaEvent.data.trackId;
          const trackMetadata = deserializedMediaEvent.data.metadata;
          let newTrack = endpoint.tracks.get(trackId);
          const trackContext = this.trackIdToTrack.get(trackId);
          try {
            const parsedMetadata = this.trackMetadataParser(trackMetadata);
            newTrack = { ...newTrack, metadata: parsedMetadata, metadataParsingError: void 0 };
            trackContext.metadata = parsedMetadata;
            trackContext.metadataParsingError = void 0;
          } catch (error) {
            newTrack = { ...newTrack, metadata: void 0, metadataParsingError: error };
            trackContext.metadataParsingError = error;
            trackContext.metadata = void 0;
          }
          newTrack = { ...newTrack, rawMetadata: trackMetadata };
          trackContext.rawMetadata = trackMetadata;
          endpoint.tracks.set(trackId, newTrack);
          this.emit("trackUpdated", trackContext);
          break;
        }
        case "trackEncodingDisabled": {
          if (this.getEndpointId() === deserializedMediaEvent.data.endpointId)
            return;
          endpoint = this.idToEndpoint.get(deserializedMediaEvent.data.endpointId);
          if (endpoint == null)
            throw `Endpoint with id: ${deserializedMediaEvent.data.endpointId} doesn't exist`;
          const trackId = deserializedMediaEvent.data.trackId;
          const encoding = deserializedMediaEvent.data.encoding;
          const trackContext = endpoint.tracks.get(trackId);
          this.emit("trackEncodingDisabled", trackContext, encoding);
          break;
        }
        case "trackEncodingEnabled": {
          if (this.getEndpointId() === deserializedMediaEvent.data.endpointId)
            return;
          endpoint = this.idToEndpoint.get(deserializedMediaEvent.data.endpointId);
          if (endpoint == null)
            throw `Endpoint with id: ${deserializedMediaEvent.data.endpointId} doesn't exist`;
          const trackId = deserializedMediaEvent.data.trackId;
          const encoding = deserializedMediaEvent.data.encoding;
          const trackContext = endpoint.tracks.get(trackId);
          this.emit("trackEncodingEnabled", trackContext, encoding);
          break;
        }
        case "tracksPriority": {
          const enabledTracks = deserializedMediaEvent.data.tracks.map((trackId) => this.trackIdToTrack.get(trackId));
          const disabledTracks = Array.from(this.trackIdToTrack.values()).filter((track) => !enabledTracks.includes(track));
          this.emit("tracksPriorityChanged", enabledTracks, disabledTracks);
          break;
        }
        case "encodingSwitched": {
          const trackId = deserializedMediaEvent.data.trackId;
          const trackContext = this.trackIdToTrack.get(trackId);
          trackContext.encoding = deserializedMediaEvent.data.encoding;
          trackContext.encodingReason = deserializedMediaEvent.data.reason;
          trackContext.emit("encodingChanged", trackContext);
          break;
        }
        case "custom":
          this.handleMediaEvent(deserializedMediaEvent.data);
          break;
        case "error":
          this.emit("connectionError", deserializedMediaEvent.data.message);
          this.disconnect();
          break;
        case "vadNotification": {
          const trackId = deserializedMediaEvent.data.trackId;
          const ctx = this.trackIdToTrack.get(trackId);
          const vadStatus = deserializedMediaEvent.data.status;
          if (vadStatuses.includes(vadStatus)) {
            ctx.vadStatus = vadStatus;
            ctx.emit("voiceActivityChanged", ctx);
          } else {
            console.warn("Received unknown vad status: ", vadStatus);
          }
          break;
        }
        case "bandwidthEstimation": {
          this.bandwidthEstimation = deserializedMediaEvent.data.estimation;
          this.emit("bandwidthEstimationChanged", this.bandwidthEstimation);
          break;
        }
        default:
          console.warn("Received unknown media event: ", deserializedMediaEvent.type);
          break;
      }
    };
    /**
     * Adds track that will be sent to the RTC Engine.
     * @param track - Audio or video track e.g. from your microphone or camera.
     * @param stream  - Stream that this track belongs to.
     * @param trackMetadata - Any information about this track that other endpoints will
     * receive in {@link WebRTCEndpointEvents.endpointAdded}. E.g. this can source of the track - whether it's
     * screensharing, webcam or some other media device.
     * @param simulcastConfig - Simulcast configuration. By default simulcast is disabled.
     * For more information refer to {@link SimulcastConfig}.
     * @param maxBandwidth - maximal bandwidth this track can use.
     * Defaults to 0 which is unlimited.
     * This option has no effect for simulcast and audio tracks.
     * For simulcast tracks use `{@link WebRTCEndpoint.setTrackBandwidth}.
     * @returns {string} Returns id of added track
     * @example
     * ```ts
     * let localStream: MediaStream = new MediaStream();
     * try {
     *   localAudioStream = await navigator.mediaDevices.getUserMedia(
     *     AUDIO_CONSTRAINTS
     *   );
     *   localAudioStream
     *     .getTracks()
     *     .forEach((track) => localStream.addTrack(track));
     * } catch (error) {
     *   console.error("Couldn't get microphone permission:", error);
     * }
     *
     * try {
     *   localVideoStream = await navigator.mediaDevices.getUserMedia(
     *     VIDEO_CONSTRAINTS
     *   );
     *   localVideoStream
     *     .getTracks()
     *     .forEach((track) => localStream.addTrack(track));
     * } catch (error) {
     *  console.error("Couldn't get camera permission:", error);
     * }
     *
     * localStream
     *  .getTracks()
     *  .forEach((track) => webrtc.addTrack(track, localStream));
     * ```
     */
    addTrack(track, stream, trackMetadata, simulcastConfig = { enabled: false, activeEncodings: [], disabledEncodings: [] }, maxBandwidth = 0) {
      const resolutionNotifier = new Deferred();
      const trackId = this.getTrackId(v4_default());
      let metadata;
      try {
        const parsedMetadata = this.trackMetadataParser(trackMetadata);
        metadata = parsedMetadata;
        this.pushCommand({
          commandType: "ADD-TRACK",
          trackId,
          track,
          stream,
          trackMetadata: parsedMetadata,
          simulcastConfig,
          maxBandwidth,
          resolutionNotifier
        });
      } catch (error) {
        resolutionNotifier.reject(error);
      }
      return resolutionNotifier.promise.then(() => {
        this.emit("localTrackAdded", {
          trackId,
          track,
          stream,
          trackMetadata: metadata,
          simulcastConfig,
          maxBandwidth
        });
        return trackId;
      });
    }
    pushCommand(command) {
      this.commandsQueue.push(command);
      this.processNextCommand();
    }
    handleCommand(command) {
      switch (command.commandType) {
        case "ADD-TRACK":
          this.addTrackHandler(command);
          break;
        case "REMOVE-TRACK":
          this.removeTrackHandler(command);
          break;
        case "REPLACE-TRACK":
          this.replaceTrackHandler(command);
          break;
      }
    }
    processNextCommand() {
      if (this.ongoingRenegotiation || this.ongoingTrackReplacement)
        return;
      if (this.connection && (this.connection.signalingState !== "stable" || this.connection.connectionState !== "connected" || this.connection.iceConnectionState !== "connected"))
        return;
      this.resolvePreviousCommand();
      const command = this.commandsQueue.shift();
      if (!command)
        return;
      this.commandResolutionNotifier = command.resolutionNotifier;
      this.handleCommand(command);
    }
    resolvePreviousCommand() {
      if (this.commandResolutionNotifier) {
        this.commandResolutionNotifier.resolve();
        this.commandResolutionNotifier = null;
      }
    }
    addTrackHandler(addTrackCommand) {
      const { simulcastConfig, maxBandwidth, track, stream, trackMetadata, trackId } = addTrackCommand;
      const isUsedTrack = this.connection?.getSenders().some((val) => val.track === track);
      let error;
      if (isUsedTrack) {
        error = "This track was already added to peerConnection, it can't be added again!";
      }
      if (!simulcastConfig.enabled && !(typeof maxBandwidth === "number"))
        error = "Invalid type of `maxBandwidth` argument for a non-simulcast track, expected: number";
      if (this.getEndpointId() === "")
        error = "Cannot add tracks before being accepted by the server";
      if (error) {
        this.commandResolutionNotifier?.reject(error);
        this.commandResolutionNotifier = null;
        this.processNextCommand();
        return;
      }
      this.ongoingRenegotiation = true;
      const trackContext = new TrackContextImpl(this.localEndpoint, trackId, trackMetadata, simulcastConfig, this.trackMetadataParser);
      trackContext.track = track;
      trackContext.stream = stream;
      trackContext.maxBandwidth = maxBandwidth;
      this.localEndpoint.tracks.set(trackId, trackContext);
      this.localTrackIdToTrack.set(trackId, trackContext);
      if (this.connection) {
        this.addTrackToConnection(trackContext);
        this.connection.getTransceivers().forEach((transceiver) => transceiver.direction = transceiver.direction === "sendrecv" ? "sendonly" : transceiver.direction);
      }
      const mediaEvent = generateCustomEvent({ type: "renegotiateTracks" });
      this.sendMediaEvent(mediaEvent);
    }
    addTrackToConnection = (trackContext) => {
      const transceiverConfig = this.createTransceiverConfig(trackContext);
      const track = trackContext.track;
      this.connection.addTransceiver(track, transceiverConfig);
    };
    createTransceiverConfig(trackContext) {
      let transceiverConfig;
      if (trackContext.track.kind === "audio") {
        transceiverConfig = this.createAudioTransceiverConfig(trackContext);
      } else {
        transceiverConfig = this.createVideoTransceiverConfig(trackContext);
      }
      return transceiverConfig;
    }
    createAudioTransceiverConfig(trackContext) {
      return { direction: "sendonly", streams: trackContext.stream ? [trackContext.stream] : [] };
    }
    createVideoTransceiverConfig(trackContext) {
      let transceiverConfig;
      if (trackContext.simulcastConfig.enabled) {
        transceiverConfig = simulcastTransceiverConfig;
        const trackActiveEncodings = trackContext.simulcastConfig.activeEncodings;
        const disabledTrackEncodings = [];
        transceiverConfig.sendEncodings?.forEach((encoding) => {
          if (trackActiveEncodings.includes(encoding.rid)) {
            encoding.active = true;
          } else {
            disabledTrackEncodings.push(encoding.rid);
          }
        });
        this.disabledTrackEncodings.set(trackContext.trackId, disabledTrackEncodings);
      } else {
        transceiverConfig = {
          direction: "sendonly",
          sendEncodings: [
            {
              active: true
            }
          ],
          streams: trackContext.stream ? [trackContext.stream] : []
        };
      }
      if (trackContext.maxBandwidth && transceiverConfig.sendEncodings)
        this.applyBandwidthLimitation(transceiverConfig.sendEncodings, trackContext.maxBandwidth);
      return transceiverConfig;
    }
    applyBandwidthLimitation(encodings, max_bandwidth) {
      if (typeof max_bandwidth === "number") {
        this.splitBandwidth(encodings, max_bandwidth * 1024);
      } else {
        encodings.filter((encoding) => encoding.rid).forEach((encoding) => {
          const limit = max_bandwidth.get(encoding.rid) || 0;
          if (limit > 0) {
            encoding.maxBitrate = limit * 1024;
          } else
            delete encoding.maxBitrate;
        });
      }
    }
    splitBandwidth(encodings, bandwidth) {
      if (bandwidth === 0) {
        encodings.forEach((encoding) => delete encoding.maxBitrate);
        return;
      }
      if (encodings.length == 0) {
        console.error("Attempted to limit bandwidth of the track that doesn't have any encodings");
        return;
      }
      const firstScaleDownBy = encodings[0].scaleResolutionDownBy || 1;
      const bitrate_parts = encodings.reduce((acc, value) => acc + (firstScaleDownBy / (value.scaleResolutionDownBy || 1)) ** 2, 0);
      const x = bandwidth / bitrate_parts;
      encodings.forEach((value) => {
        value.maxBitrate = x * (firstScaleDownBy / (value.scaleResolutionDownBy || 1)) ** 2;
      });
    }
    /**
     * Replaces a track that is being sent to the RTC Engine.
     * @param trackId - Audio or video track.
     * @param {string} trackId - Id of audio or video track to replace.
     * @param {MediaStreamTrack} newTrack
     * @param {any} [newTrackMetadata] - Optional track metadata to apply to the new track. If no
     *                              track metadata is passed, the old track metadata is retained.
     * @returns {Promise<boolean>} success
     * @example
     * ```ts
     * // setup camera
     * let localStream: MediaStream = new MediaStream();
     * try {
     *   localVideoStream = await navigator.mediaDevices.getUserMedia(
     *     VIDEO_CONSTRAINTS
     *   );
     *   localVideoStream
     *     .getTracks()
     *     .forEach((track) => localStream.addTrack(track));
     * } catch (error) {
     *   console.error("Couldn't get camera permission:", error);
     * }
     * let oldTrackId;
     * localStream
     *  .getTracks()
     *  .forEach((track) => trackId = webrtc.addTrack(track, localStream));
     *
     * // change camera
     * const oldTrack = localStream.getVideoTracks()[0];
     * let videoDeviceId = "abcd-1234";
     * navigator.mediaDevices.getUserMedia({
     *      video: {
     *        ...(VIDEO_CONSTRAINTS as {}),
     *        deviceId: {
     *          exact: videoDeviceId,
     *        },
     *      }
     *   })
     *   .then((stream) => {
     *     let videoTrack = stream.getVideoTracks()[0];
     *     webrtc.replaceTrack(oldTrackId, videoTrack);
     *   })
     *   .catch((error) => {
     *     console.error('Error switching camera', error);
     *   })
     * ```
     */
    async replaceTrack(trackId, newTrack, newTrackMetadata) {
      const resolutionNotifier = new Deferred();
      try {
        const newMetadata = newTrackMetadata !== void 0 ? this.trackMetadataParser(newTrackMetadata) : void 0;
        this.pushCommand({
          commandType: "REPLACE-TRACK",
          trackId,
          newTrack,
          newTrackMetadata: newMetadata,
          resolutionNotifier
        });
      } catch (error) {
        resolutionNotifier.reject(error);
      }
      return resolutionNotifier.promise.then(() => {
        this.emit("localTrackReplaced", {
          trackId,
          track: newTrack,
          metadata: newTrackMetadata
        });
      });
    }
    replaceTrackHandler(command) {
      const { trackId, newTrack, newTrackMetadata } = command;
      const trackContext = this.localTrackIdToTrack.get(trackId);
      const sender = this.findSender(trackContext.track.id);
      if (sender) {
        this.ongoingTrackReplacement = true;
        sender.replaceTrack(newTrack).then(() => {
          trackContext.track = newTrack;
          if (newTrackMetadata) {
            this.updateTrackMetadata(trackId, newTrackMetadata);
          }
        }).finally(() => {
          this.resolvePreviousCommand();
          this.ongoingTrackReplacement = false;
          this.processNextCommand();
        });
      }
    }
    /**
     * Updates maximum bandwidth for the track identified by trackId.
     * This value directly translates to quality of the stream and, in case of video, to the amount of RTP packets being sent.
     * In case trackId points at the simulcast track bandwidth is split between all of the variant streams proportionally to their resolution.
     *
     * @param {string} trackId
     * @param {BandwidthLimit} bandwidth in kbps
     * @returns {Promise<boolean>} success
     */
    setTrackBandwidth(trackId, bandwidth) {
      const trackContext = this.localTrackIdToTrack.get(trackId);
      if (!trackContext) {
        return Promise.reject(`Track '${trackId}' doesn't exist`);
      }
      const sender = this.findSender(trackContext.track.id);
      const parameters = sender.getParameters();
      if (parameters.encodings.length === 0) {
        parameters.encodings = [{}];
      } else {
        this.applyBandwidthLimitation(parameters.encodings, bandwidth);
      }
      return sender.setParameters(parameters).then(() => {
        const mediaEvent = generateCustomEvent({
          type: "trackVariantBitrates",
          data: {
            trackId,
            variantBitrates: this.getTrackBitrates(trackId)
          }
        });
        this.sendMediaEvent(mediaEvent);
        this.emit("localTrackBandwidthSet", {
          trackId,
          bandwidth
        });
        return true;
      }).catch((_error) => false);
    }
    /**
     * Updates maximum bandwidth for the given simulcast encoding of the given track.
     *
     * @param {string} trackId - id of the track
     * @param {string} rid - rid of the encoding
     * @param {BandwidthLimit} bandwidth - desired max bandwidth used by the encoding (in kbps)
     * @returns
     */
    setEncodingBandwidth(trackId, rid, bandwidth) {
      const trackContext = this.localTrackIdToTrack.get(trackId);
      if (!trackContext) {
        return Promise.reject(`Track '${trackId}' doesn't exist`);
      }
      const sender = this.findSender(trackContext.track.id);
      const parameters = sender.getParameters();
      const encoding = parameters.encodings.find((encoding2) => encoding2.rid === rid);
      if (!encoding) {
        return Promise.reject(`Encoding with rid '${rid}' doesn't exist`);
      } else if (bandwidth === 0) {
        delete encoding.maxBitrate;
      } else {
        encoding.maxBitrate = bandwidth * 1024;
      }
      return sender.setParameters(parameters).then(() => {
        const mediaEvent = generateCustomEvent({
          type: "trackVariantBitrates",
          data: {
            trackId,
            variantBitrates: this.getTrackBitrates(trackId)
          }
        });
        this.sendMediaEvent(mediaEvent);
        this.emit("localTrackEncodingBandwidthSet", {
          trackId,
          rid,
          bandwidth
        });
        return true;
      }).catch((_error) => false);
    }
    /**
     * Removes a track from connection that was sent to the RTC Engine.
     * @param {string} trackId - Id of audio or video track to remove.
     * @example
     * ```ts
     * // setup camera
     * let localStream: MediaStream = new MediaStream();
     * try {
     *   localVideoStream = await navigator.mediaDevices.getUserMedia(
     *     VIDEO_CONSTRAINTS
     *   );
     *   localVideoStream
     *     .getTracks()
     *     .forEach((track) => localStream.addTrack(track));
     * } catch (error) {
     *   console.error("Couldn't get camera permission:", error);
     * }
     *
     * let trackId
     * localStream
     *  .getTracks()
     *  .forEach((track) => trackId = webrtc.addTrack(track, localStream));
     *
     * // remove track
     * webrtc.removeTrack(trackId)
     * ```
     */
    removeTrack(trackId) {
      const resolutionNotifier = new Deferred();
      this.pushCommand({
        commandType: "REMOVE-TRACK",
        trackId,
        resolutionNotifier
      });
      return resolutionNotifier.promise.then(() => {
        this.emit("localTrackRemoved", {
          trackId
        });
      });
    }
    removeTrackHandler(command) {
      const { trackId } = command;
      const trackContext = this.localTrackIdToTrack.get(trackId);
      const sender = this.findSender(trackContext.track.id);
      this.ongoingRenegotiation = true;
      this.connection.removeTrack(sender);
      const mediaEvent = generateCustomEvent({ type: "renegotiateTracks" });
      this.sendMediaEvent(mediaEvent);
      this.localTrackIdToTrack.delete(trackId);
      this.localEndpoint.tracks.delete(trackId);
    }
    /**
     * Sets track variant that server should send to the client library.
     *
     * The variant will be sent whenever it is available.
     * If chosen variant is temporarily unavailable, some other variant
     * will be sent until the chosen variant becomes active again.
     *
     * @param {string} trackId - id of track
     * @param {TrackEncoding} variant - variant to receive
     * @example
     * ```ts
     * webrtc.setTargetTrackEncoding(incomingTrackCtx.trackId, "l")
     * ```
     */
    setTargetTrackEncoding(trackId, variant) {
      const trackContext = this.trackIdToTrack.get(trackId);
      if (!trackContext?.simulcastConfig?.enabled || !trackContext.simulcastConfig.activeEncodings.includes(variant)) {
        console.warn("The track does not support changing its target variant");
        return;
      }
      const mediaEvent = generateCustomEvent({
        type: "setTargetTrackVariant",
        data: {
          trackId,
          variant
        }
      });
      this.sendMediaEvent(mediaEvent);
      this.emit("targetTrackEncodingRequested", {
        trackId,
        variant
      });
    }
    /**
     * Enables track encoding so that it will be sent to the server.
     * @param {string} trackId - id of track
     * @param {TrackEncoding} encoding - encoding that will be enabled
     * @example
     * ```ts
     * const trackId = webrtc.addTrack(track, stream, {}, {enabled: true, activeEncodings: ["l", "m", "h"]});
     * webrtc.disableTrackEncoding(trackId, "l");
     * // wait some time
     * webrtc.enableTrackEncoding(trackId, "l");
     * ```
     */
    enableTrackEncoding(trackId, encoding) {
      const track = this.localTrackIdToTrack.get(trackId)?.track;
      const newDisabledTrackEncodings = this.disabledTrackEncodings.get(trackId)?.filter((en) => en !== encoding);
      this.disabledTrackEncodings.set(trackId, newDisabledTrackEncodings);
      const sender = this.connection?.getSenders().filter((sender2) => sender2.track === track)[0];
      const params = sender?.getParameters();
      params.encodings.filter((en) => en.rid == encoding)[0].active = true;
      sender?.setParameters(params);
      const mediaEvent = generateMediaEvent("enableTrackEncoding", { trackId, encoding });
      this.sendMediaEvent(mediaEvent);
      this.emit("localTrackEncodingEnabled", {
        trackId,
        encoding
      });
    }
    /**
     * Disables track encoding so that it will be no longer sent to the server.
     * @param {string} trackId - id of track
     * @param {rackEncoding} encoding - encoding that will be disabled
     * @example
     * ```ts
     * const trackId = webrtc.addTrack(track, stream, {}, {enabled: true, activeEncodings: ["l", "m", "h"]});
     * webrtc.disableTrackEncoding(trackId, "l");
     * ```
     */
    disableTrackEncoding(trackId, encoding) {
      const track = this.localTrackIdToTrack.get(trackId)?.track;
      this.disabledTrackEncodings.get(trackId).push(encoding);
      const sender = this.connection?.getSenders().filter((sender2) => sender2.track === track)[0];
      const params = sender?.getParameters();
      params.encodings.filter((en) => en.rid == encoding)[0].active = false;
      sender?.setParameters(params);
      const mediaEvent = generateMediaEvent("disableTrackEncoding", { trackId, encoding });
      this.sendMediaEvent(mediaEvent);
      this.emit("localTrackEncodingDisabled", {
        trackId,
        encoding
      });
    }
    findSender(trackId) {
      return this.connection.getSenders().find((sender) => sender.track && sender.track.id === trackId);
    }
    /**
     * Updates the metadata for the current endpoint.
     * @param metadata - Data about this endpoint that other endpoints will receive upon being added.
     *
     * If the metadata is different from what is already tracked in the room, the optional
     * event `endpointUpdated` will be emitted for other endpoint in the room.
     */
    updateEndpointMetadata = (metadata) => {
      this.localEndpoint.metadata = this.endpointMetadataParser(metadata);
      this.localEndpoint.rawMetadata = this.localEndpoint.metadata;
      this.localEndpoint.metadataParsingError = void 0;
      const mediaEvent = generateMediaEvent("updateEndpointMetadata", {
        metadata: this.localEndpoint.metadata
      });
      this.sendMediaEvent(mediaEvent);
      this.emit("localEndpointMetadataChanged", {
        metadata
      });
    };
    /**
     * Updates the metadata for a specific track.
     * @param trackId - trackId (generated in addTrack) of audio or video track.
     * @param trackMetadata - Data about this track that other endpoint will receive upon being added.
     *
     * If the metadata is different from what is already tracked in the room, the optional
     * event `trackUpdated` will be emitted for other endpoints in the room.
     */
    updateTrackMetadata = (trackId, trackMetadata) => {
      const trackContext = this.localTrackIdToTrack.get(trackId);
      const prevTrack = this.localEndpoint.tracks.get(trackId);
      try {
        trackContext.metadata = this.trackMetadataParser(trackMetadata);
        trackContext.rawMetadata = trackMetadata;
        trackContext.metadataParsingError = void 0;
        this.localEndpoint.tracks.set(trackId, trackContext);
      } catch (error) {
        trackContext.metadata = void 0;
        trackContext.metadataParsingError = error;
        this.localEndpoint.tracks.set(trackId, { ...prevTrack, metadata: void 0, metadataParsingError: error });
        throw error;
      }
      this.localTrackIdToTrack.set(trackId, trackContext);
      const mediaEvent = generateMediaEvent("updateTrackMetadata", {
        trackId,
        trackMetadata: trackContext.metadata
      });
      switch (trackContext.negotiationStatus) {
        case "done":
          this.sendMediaEvent(mediaEvent);
          this.emit("localTrackMetadataChanged", {
            trackId,
            metadata: trackMetadata
          });
          break;
        case "offered":
          trackContext.pendingMetadataUpdate = true;
          break;
        case "awaiting":
          break;
      }
    };
    getMidToTrackId = () => {
      const localTrackMidToTrackId = {};
      if (!this.connection)
        return null;
      this.connection.getTransceivers().forEach((transceiver) => {
        const localTrackId = transceiver.sender.track?.id;
        const mid = transceiver.mid;
        if (localTrackId && mid) {
          const trackContext = Array.from(this.localTrackIdToTrack.values()).find((trackContext2) => trackContext2.track.id === localTrackId);
          localTrackMidToTrackId[mid] = trackContext.trackId;
        }
      });
      return localTrackMidToTrackId;
    };
    /**
     * Disconnects from the room. This function should be called when user disconnects from the room
     * in a clean way e.g. by clicking a dedicated, custom button `disconnect`.
     * As a result there will be generated one more media event that should be
     * sent to the RTC Engine. Thanks to it each other endpoint will be notified
     * that endpoint was removed in {@link WebRTCEndpointEvents.endpointRemoved},
     */
    disconnect = () => {
      const mediaEvent = generateMediaEvent("disconnect");
      this.sendMediaEvent(mediaEvent);
      this.emit("disconnectRequested", {});
      this.cleanUp();
    };
    /**
     * Cleans up {@link WebRTCEndpoint} instance.
     */
    cleanUp = () => {
      if (this.connection) {
        this.connection.onicecandidate = null;
        this.connection.ontrack = null;
        this.connection.onconnectionstatechange = null;
        this.connection.onicecandidateerror = null;
        this.connection.oniceconnectionstatechange = null;
        this.connection.close();
        this.commandResolutionNotifier?.reject("Disconnected");
        this.commandResolutionNotifier = null;
        this.commandsQueue = [];
        this.ongoingTrackReplacement = false;
        this.ongoingRenegotiation = false;
      }
      this.connection = void 0;
    };
    getTrackId(uuid) {
      return `${this.getEndpointId()}:${uuid}`;
    }
    sendMediaEvent = (mediaEvent) => {
      const serializedMediaEvent = serializeMediaEvent(mediaEvent);
      this.emit("sendMediaEvent", serializedMediaEvent);
    };
    onAnswer = async (answer) => {
      this.connection.ontrack = this.onTrack();
      try {
        await this.connection.setRemoteDescription(answer);
        this.disabledTrackEncodings.forEach((encodings, trackId) => {
          encodings.forEach((encoding) => this.disableTrackEncoding(trackId, encoding));
        });
      } catch (err) {
        console.error(err);
      }
    };
    addTransceiversIfNeeded = (serverTracks) => {
      const recvTransceivers = this.connection.getTransceivers().filter((elem) => elem.direction === "recvonly");
      let toAdd = [];
      const getNeededTransceiversTypes = (type) => {
        let typeNumber = serverTracks.get(type);
        typeNumber = typeNumber !== void 0 ? typeNumber : 0;
        const typeTransceiversNumber = recvTransceivers.filter((elem) => elem.receiver.track.kind === type).length;
        return Array(typeNumber - typeTransceiversNumber).fill(type);
      };
      const audio = getNeededTransceiversTypes("audio");
      const video = getNeededTransceiversTypes("video");
      toAdd = toAdd.concat(audio);
      toAdd = toAdd.concat(video);
      for (const kind of toAdd)
        this.connection?.addTransceiver(kind, { direction: "recvonly" });
    };
    async createAndSendOffer() {
      const connection = this.connection;
      if (!connection)
        return;
      try {
        const offer = await connection.createOffer();
        if (!this.connection) {
          console.warn("RTCPeerConnection stopped or restarted");
          return;
        }
        await connection.setLocalDescription(offer);
        if (!this.connection) {
          console.warn("RTCPeerConnection stopped or restarted");
          return;
        }
        const mediaEvent = generateCustomEvent({
          type: "sdpOffer",
          data: {
            sdpOffer: offer,
            trackIdToTrackMetadata: this.getTrackIdToMetadata(),
            trackIdToTrackBitrates: this.getTrackIdToTrackBitrates(),
            midToTrackId: this.getMidToTrackId()
          }
        });
        this.sendMediaEvent(mediaEvent);
        for (const track of this.localTrackIdToTrack.values()) {
          track.negotiationStatus = "offered";
        }
      } catch (error) {
        console.error(error);
      }
    }
    getTrackIdToMetadata = () => {
      const trackIdToMetadata = {};
      Array.from(this.localEndpoint.tracks.entries()).forEach(([trackId, { metadata }]) => {
        trackIdToMetadata[trackId] = metadata;
      });
      return trackIdToMetadata;
    };
    getTrackBitrates = (trackId) => {
      const trackContext = this.localTrackIdToTrack.get(trackId);
      if (!trackContext)
        throw "Track with id ${trackId} not present in 'localTrackIdToTrack'";
      const kind = trackContext.track.kind;
      const sender = this.findSender(trackContext.track.id);
      const encodings = sender.getParameters().encodings;
      if (encodings.length == 1 && !encodings[0].rid)
        return encodings[0].maxBitrate || defaultBitrates[kind];
      else if (kind == "audio")
        throw "Audio track cannot have multiple encodings";
      const bitrates = {};
      encodings.filter((encoding) => encoding.rid).forEach((encoding) => {
        const rid = encoding.rid;
        bitrates[rid] = encoding.maxBitrate || defaultSimulcastBitrates[rid];
      });
      return bitrates;
    };
    getTrackIdToTrackBitrates = () => {
      const trackIdToTrackBitrates = {};
      Array.from(this.localEndpoint.tracks.entries()).forEach(([trackId, _trackEntry]) => {
        trackIdToTrackBitrates[trackId] = this.getTrackBitrates(trackId);
      });
      return trackIdToTrackBitrates;
    };
    checkIfTrackBelongToEndpoint = (trackId, endpoint) => Array.from(endpoint.tracks.keys()).some((track) => trackId.startsWith(track));
    onOfferData = async (offerData) => {
      if (!this.connection) {
        this.connection = new RTCPeerConnection(this.rtcConfig);
        this.connection.onicecandidate = this.onLocalCandidate();
        this.connection.onicecandidateerror = this.onIceCandidateError;
        this.connection.onconnectionstatechange = this.onConnectionStateChange;
        this.connection.oniceconnectionstatechange = this.onIceConnectionStateChange;
        this.connection.onicegatheringstatechange = this.onIceGatheringStateChange;
        this.connection.onsignalingstatechange = this.onSignalingStateChange;
        Array.from(this.localTrackIdToTrack.values()).forEach((trackContext) => this.addTrackToConnection(trackContext));
        this.connection.getTransceivers().forEach((transceiver) => transceiver.direction = "sendonly");
      } else {
        this.connection.restartIce();
      }
      this.addTransceiversIfNeeded(offerData);
      await this.createAndSendOffer();
    };
    onRemoteCandidate = (candidate) => {
      try {
        const iceCandidate = new RTCIceCandidate(candidate);
        if (!this.connection) {
          throw new Error("Received new remote candidate but RTCConnection is undefined");
        }
        this.connection.addIceCandidate(iceCandidate);
      } catch (error) {
        console.error(error);
      }
    };
    onLocalCandidate = () => {
      return (event) => {
        if (event.candidate) {
          const mediaEvent = generateCustomEvent({
            type: "candidate",
            data: {
              candidate: event.candidate.candidate,
              sdpMLineIndex: event.candidate.sdpMLineIndex
            }
          });
          this.sendMediaEvent(mediaEvent);
        }
      };
    };
    onIceCandidateError = (event) => {
      console.warn(event);
    };
    onConnectionStateChange = (_event) => {
      switch (this.connection?.connectionState) {
        case "connected":
          this.processNextCommand();
          break;
        case "failed":
          this.emit("connectionError", "RTCPeerConnection failed");
          break;
      }
    };
    onIceConnectionStateChange = (_event) => {
      const errorMessages = "Ice connection failed";
      switch (this.connection?.iceConnectionState) {
        case "disconnected":
          console.warn("ICE connection: disconnected");
          break;
        case "failed":
          this.emit("connectionError", errorMessages);
          break;
        case "connected":
          this.processNextCommand();
          break;
      }
    };
    onIceGatheringStateChange = (_event) => {
      switch (this.connection?.iceGatheringState) {
        case "complete":
          this.processNextCommand();
          break;
      }
    };
    onSignalingStateChange = (_event) => {
      switch (this.connection?.signalingState) {
        case "stable":
          this.processNextCommand();
          break;
      }
    };
    onTrack = () => {
      return (event) => {
        const [stream] = event.streams;
        const mid = event.transceiver.mid;
        const trackId = this.midToTrackId.get(mid);
        if (this.checkIfTrackBelongToEndpoint(trackId, this.localEndpoint))
          return;
        const trackContext = this.trackIdToTrack.get(trackId);
        trackContext.stream = stream;
        trackContext.track = event.track;
        this.idToEndpoint.get(trackContext.endpoint.id)?.tracks.set(trackId, trackContext);
        this.emit("trackReady", trackContext);
      };
    };
    setTurns = (turnServers) => {
      turnServers.forEach((turnServer) => {
        let transport, uri;
        if (turnServer.transport == "tls") {
          transport = "tcp";
          uri = "turns";
        } else {
          transport = turnServer.transport;
          uri = "turn";
        }
        const rtcIceServer = {
          credential: turnServer.password,
          urls: uri.concat(":", turnServer.serverAddr, ":", turnServer.serverPort, "?transport=", transport),
          username: turnServer.username
        };
        this.rtcConfig.iceServers.push(rtcIceServer);
      });
    };
    addEndpoint = (endpoint) => {
      if (Object.prototype.hasOwnProperty.call(endpoint, "trackIdToMetadata"))
        endpoint.tracks = new Map(Object.entries(endpoint.tracks));
      else
        endpoint.tracks = /* @__PURE__ */ new Map();
      this.idToEndpoint.set(endpoint.id, endpoint);
    };
    eraseEndpoint = (endpoint) => {
      const tracksId = Array.from(endpoint.tracks.keys());
      tracksId.forEach((trackId) => this.trackIdToTrack.delete(trackId));
      Array.from(this.midToTrackId.entries()).forEach(([mid, trackId]) => {
        if (tracksId.includes(trackId))
          this.midToTrackId.delete(mid);
      });
      this.idToEndpoint.delete(endpoint.id);
    };
    eraseTrack = (trackId, endpointId) => {
      this.trackIdToTrack.delete(trackId);
      const midToTrackId = Array.from(this.midToTrackId.entries());
      const [mid, _trackId] = midToTrackId.find(([_mid, mapTrackId]) => mapTrackId === trackId);
      this.midToTrackId.delete(mid);
      this.idToEndpoint.get(endpointId).tracks.delete(trackId);
      this.disabledTrackEncodings.delete(trackId);
    };
    getEndpointId = () => this.localEndpoint.id;
    mapMediaEventTracksToTrackContextImpl = (tracks, endpoint) => {
      const mappedTracks = Array.from(tracks).map(([trackId, track]) => [
        trackId,
        new TrackContextImpl(endpoint, trackId, track.metadata, track.simulcastConfig, this.trackMetadataParser)
      ]);
      return new Map(mappedTracks);
    };
  };

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/JellyfishClient.js
  var import_events2 = __toESM(require_events());

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/protos/jellyfish/peer_notifications.js
  var _m0 = __toESM(require_minimal2());
  function createBasePeerMessage() {
    return { authenticated: void 0, authRequest: void 0, mediaEvent: void 0 };
  }
  var PeerMessage = {
    encode(message, writer = _m0.Writer.create()) {
      if (message.authenticated !== void 0) {
        PeerMessage_Authenticated.encode(message.authenticated, writer.uint32(10).fork()).ldelim();
      }
      if (message.authRequest !== void 0) {
        PeerMessage_AuthRequest.encode(message.authRequest, writer.uint32(18).fork()).ldelim();
      }
      if (message.mediaEvent !== void 0) {
        PeerMessage_MediaEvent.encode(message.mediaEvent, writer.uint32(26).fork()).ldelim();
      }
      return writer;
    },
    decode(input, length) {
      const reader = input instanceof _m0.Reader ? input : _m0.Reader.create(input);
      let end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePeerMessage();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1:
            if (tag !== 10) {
              break;
            }
            message.authenticated = PeerMessage_Authenticated.decode(reader, reader.uint32());
            continue;
          case 2:
            if (tag !== 18) {
              break;
            }
            message.authRequest = PeerMessage_AuthRequest.decode(reader, reader.uint32());
            continue;
          case 3:
            if (tag !== 26) {
              break;
            }
            message.mediaEvent = PeerMessage_MediaEvent.decode(reader, reader.uint32());
            continue;
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skipType(tag & 7);
      }
      return message;
    },
    fromJSON(object) {
      return {
        authenticated: isSet(object.authenticated) ? PeerMessage_Authenticated.fromJSON(object.authenticated) : void 0,
        authRequest: isSet(object.authRequest) ? PeerMessage_AuthRequest.fromJSON(object.authRequest) : void 0,
        mediaEvent: isSet(object.mediaEvent) ? PeerMessage_MediaEvent.fromJSON(object.mediaEvent) : void 0
      };
    },
    toJSON(message) {
      const obj = {};
      if (message.authenticated !== void 0) {
        obj.authenticated = PeerMessage_Authenticated.toJSON(message.authenticated);
      }
      if (message.authRequest !== void 0) {
        obj.authRequest = PeerMessage_AuthRequest.toJSON(message.authRequest);
      }
      if (message.mediaEvent !== void 0) {
        obj.mediaEvent = PeerMessage_MediaEvent.toJSON(message.mediaEvent);
      }
      return obj;
    },
    create(base) {
      return PeerMessage.fromPartial(base ?? {});
    },
    fromPartial(object) {
      const message = createBasePeerMessage();
      message.authenticated = object.authenticated !== void 0 && object.authenticated !== null ? PeerMessage_Authenticated.fromPartial(object.authenticated) : void 0;
      message.authRequest = object.authRequest !== void 0 && object.authRequest !== null ? PeerMessage_AuthRequest.fromPartial(object.authRequest) : void 0;
      message.mediaEvent = object.mediaEvent !== void 0 && object.mediaEvent !== null ? PeerMessage_MediaEvent.fromPartial(object.mediaEvent) : void 0;
      return message;
    }
  };
  function createBasePeerMessage_Authenticated() {
    return {};
  }
  var PeerMessage_Authenticated = {
    encode(_, writer = _m0.Writer.create()) {
      return writer;
    },
    decode(input, length) {
      const reader = input instanceof _m0.Reader ? input : _m0.Reader.create(input);
      let end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePeerMessage_Authenticated();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skipType(tag & 7);
      }
      return message;
    },
    fromJSON(_) {
      return {};
    },
    toJSON(_) {
      const obj = {};
      return obj;
    },
    create(base) {
      return PeerMessage_Authenticated.fromPartial(base ?? {});
    },
    fromPartial(_) {
      const message = createBasePeerMessage_Authenticated();
      return message;
    }
  };
  function createBasePeerMessage_AuthRequest() {
    return { token: "" };
  }
  var PeerMessage_AuthRequest = {
    encode(message, writer = _m0.Writer.create()) {
      if (message.token !== "") {
        writer.uint32(10).string(message.token);
      }
      return writer;
    },
    decode(input, length) {
      const reader = input instanceof _m0.Reader ? input : _m0.Reader.create(input);
      let end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePeerMessage_AuthRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1:
            if (tag !== 10) {
              break;
            }
            message.token = reader.string();
            continue;
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skipType(tag & 7);
      }
      return message;
    },
    fromJSON(object) {
      return { token: isSet(object.token) ? globalThis.String(object.token) : "" };
    },
    toJSON(message) {
      const obj = {};
      if (message.token !== "") {
        obj.token = message.token;
      }
      return obj;
    },
    create(base) {
      return PeerMessage_AuthRequest.fromPartial(base ?? {});
    },
    fromPartial(object) {
      const message = createBasePeerMessage_AuthRequest();
      message.token = object.token ?? "";
      return message;
    }
  };
  function createBasePeerMessage_MediaEvent() {
    return { data: "" };
  }
  var PeerMessage_MediaEvent = {
    encode(message, writer = _m0.Writer.create()) {
      if (message.data !== "") {
        writer.uint32(10).string(message.data);
      }
      return writer;
    },
    decode(input, length) {
      const reader = input instanceof _m0.Reader ? input : _m0.Reader.create(input);
      let end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePeerMessage_MediaEvent();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1:
            if (tag !== 10) {
              break;
            }
            message.data = reader.string();
            continue;
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skipType(tag & 7);
      }
      return message;
    },
    fromJSON(object) {
      return { data: isSet(object.data) ? globalThis.String(object.data) : "" };
    },
    toJSON(message) {
      const obj = {};
      if (message.data !== "") {
        obj.data = message.data;
      }
      return obj;
    },
    create(base) {
      return PeerMessage_MediaEvent.fromPartial(base ?? {});
    },
    fromPartial(object) {
      const message = createBasePeerMessage_MediaEvent();
      message.data = object.data ?? "";
      return message;
    }
  };
  function isSet(value) {
    return value !== null && value !== void 0;
  }

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/reconnection.js
  var DISABLED_RECONNECT_CONFIG = {
    maxAttempts: 0,
    initialDelay: 0,
    delay: 0,
    addTracksOnReconnect: false
  };
  var DEFAULT_RECONNECT_CONFIG = {
    maxAttempts: 3,
    initialDelay: 500,
    delay: 500,
    addTracksOnReconnect: true
  };
  var ReconnectManager = class {
    reconnectConfig;
    connect;
    client;
    initialMetadata = void 0;
    reconnectAttempt = 0;
    reconnectTimeoutId = null;
    reconnectFailedNotificationSend = false;
    ongoingReconnection = false;
    lastLocalEndpoint = null;
    constructor(client, connect, config) {
      this.client = client;
      this.connect = connect;
      this.reconnectConfig = createReconnectConfig(config);
      this.client.on("socketError", () => {
        this.reconnect();
      });
      this.client.on("socketClose", (event) => {
        if (isAuthError(event.reason))
          return;
        this.reconnect();
      });
      this.client.on("authSuccess", () => {
        this.reset(this.initialMetadata);
      });
      this.client.on("joined", () => {
        this.handleReconnect();
      });
    }
    reset(initialMetadata) {
      this.initialMetadata = initialMetadata;
      this.reconnectAttempt = 0;
      if (this.reconnectTimeoutId)
        clearTimeout(this.reconnectTimeoutId);
      this.reconnectTimeoutId = null;
    }
    getLastPeerMetadata() {
      return this.lastLocalEndpoint?.metadata;
    }
    reconnect() {
      if (this.reconnectTimeoutId)
        return;
      if (this.reconnectAttempt >= this.reconnectConfig.maxAttempts) {
        if (!this.reconnectFailedNotificationSend) {
          this.reconnectFailedNotificationSend = true;
        }
        return;
      }
      if (!this.ongoingReconnection) {
        this.ongoingReconnection = true;
        this.lastLocalEndpoint = this.client.getLocalEndpoint() || null;
      }
      const timeout = this.reconnectConfig.initialDelay + this.reconnectAttempt * this.reconnectConfig.delay;
      this.reconnectAttempt += 1;
      this.reconnectTimeoutId = setTimeout(() => {
        this.reconnectTimeoutId = null;
        this.connect(this.getLastPeerMetadata() ?? this.initialMetadata);
      }, timeout);
    }
    handleReconnect() {
      if (!this.ongoingReconnection)
        return;
      if (this.lastLocalEndpoint && this.reconnectConfig.addTracksOnReconnect) {
        this.lastLocalEndpoint.tracks.forEach(async (track) => {
          if (!track.track || !track.stream)
            return;
          await this.client.addTrack(track.track, track.stream, track.rawMetadata, track.simulcastConfig, track.maxBandwidth);
        });
      }
      this.lastLocalEndpoint = null;
      this.ongoingReconnection = false;
    }
  };
  var createReconnectConfig = (config) => {
    if (!config)
      return DISABLED_RECONNECT_CONFIG;
    if (config === true)
      return DEFAULT_RECONNECT_CONFIG;
    return {
      maxAttempts: config?.maxAttempts ?? DEFAULT_RECONNECT_CONFIG.maxAttempts,
      initialDelay: config?.initialDelay ?? DEFAULT_RECONNECT_CONFIG.initialDelay,
      delay: config?.delay ?? DEFAULT_RECONNECT_CONFIG.delay,
      addTracksOnReconnect: config?.addTracksOnReconnect ?? DEFAULT_RECONNECT_CONFIG.addTracksOnReconnect
    };
  };

  // node_modules/@jellyfish-dev/ts-client-sdk/dist/src/JellyfishClient.js
  var isPeer = (endpoint) => endpoint.type === "webrtc";
  var isComponent = (endpoint) => endpoint.type === "recording" || endpoint.type === "hls" || endpoint.type === "file" || endpoint.type === "rtsp" || endpoint.type === "sip";
  var JellyfishClient = class extends import_events2.EventEmitter {
    websocket = null;
    webrtc = null;
    removeEventListeners = null;
    status = "new";
    connectConfig = null;
    reconnectManager;
    peerMetadataParser;
    trackMetadataParser;
    constructor(config) {
      super();
      this.peerMetadataParser = config?.peerMetadataParser ?? ((x) => x);
      this.trackMetadataParser = config?.trackMetadataParser ?? ((x) => x);
      this.reconnectManager = new ReconnectManager(this, (peerMetadata) => this.initConnection(peerMetadata), config?.reconnect);
    }
    /**
     * Uses the {@link !WebSocket} connection and {@link !WebRTCEndpoint | WebRTCEndpoint} to join to the room. Registers the callbacks to
     * handle the events emitted by the {@link !WebRTCEndpoint | WebRTCEndpoint}. Make sure that peer metadata is serializable.
     *
     * @example
     * ```typescript
     * const client = new JellyfishClient<PeerMetadata, TrackMetadata>();
     *
     * client.connect({
     *  peerMetadata: {},
     *  token: peerToken
     * });
     * ```
     *
     * @param {ConnectConfig} config - Configuration object for the client
     */
    connect(config) {
      this.reconnectManager.reset(config.peerMetadata);
      this.connectConfig = config;
      this.initConnection(config.peerMetadata);
    }
    initConnection(peerMetadata) {
      if (this.status === "initialized") {
        this.disconnect();
      }
      this.webrtc = new WebRTCEndpoint({
        endpointMetadataParser: this.peerMetadataParser,
        trackMetadataParser: this.trackMetadataParser
      });
      this.initWebsocket(peerMetadata);
      this.setupCallbacks();
      this.status = "initialized";
    }
    initWebsocket(peerMetadata) {
      if (!this.connectConfig)
        throw Error("ConnectConfig is null");
      const { token, signaling } = this.connectConfig;
      const protocol = signaling?.protocol ?? "ws";
      const host = signaling?.host ?? "localhost:5002";
      const path = signaling?.path ?? "/socket/peer/websocket";
      const websocketUrl = protocol + "://" + host + path;
      this.websocket = new WebSocket(websocketUrl);
      this.websocket.binaryType = "arraybuffer";
      const socketOpenHandler = (event) => {
        this.emit("socketOpen", event);
        const message = PeerMessage.encode({ authRequest: { token } }).finish();
        this.websocket?.send(message);
      };
      const socketErrorHandler = (event) => {
        this.emit("socketError", event);
      };
      const socketCloseHandler = (event) => {
        if (isAuthError(event.reason)) {
          this.emit("authError", event.reason);
        }
        this.emit("socketClose", event);
      };
      this.websocket.addEventListener("open", socketOpenHandler);
      this.websocket.addEventListener("error", socketErrorHandler);
      this.websocket.addEventListener("close", socketCloseHandler);
      const messageHandler = (event) => {
        const uint8Array = new Uint8Array(event.data);
        try {
          const data = PeerMessage.decode(uint8Array);
          if (data.authenticated !== void 0) {
            this.emit("authSuccess");
            this.webrtc?.connect(peerMetadata);
          } else if (data.authRequest !== void 0) {
            console.warn("Received unexpected control message: authRequest");
          } else if (data.mediaEvent !== void 0) {
            this.webrtc?.receiveMediaEvent(data.mediaEvent.data);
          }
        } catch (e) {
          console.warn(`Received invalid control message, error: ${e}`);
        }
      };
      this.websocket.addEventListener("message", messageHandler);
      this.removeEventListeners = () => {
        this.websocket?.removeEventListener("open", socketOpenHandler);
        this.websocket?.removeEventListener("error", socketErrorHandler);
        this.websocket?.removeEventListener("close", socketCloseHandler);
        this.websocket?.removeEventListener("message", messageHandler);
      };
    }
    /**
     * Retrieves statistics related to the RTCPeerConnection.
     * These statistics provide insights into the performance and status of the connection.
     *
     * @return {Promise<RTCStatsReport>}
     *
     * @external RTCPeerConnection#getStats()
     * @see {@link https://developer.mozilla.org/en-US/docs/Web/API/RTCPeerConnection/getStats | MDN Web Docs: RTCPeerConnection.getStats()}
     */
    async getStatistics(selector) {
      return await this.webrtc?.getStatistics(selector) ?? /* @__PURE__ */ new Map();
    }
    /**
     * Returns a snapshot of currently received remote tracks.
     *
     * @example
     * if (client.getRemoteTracks()[trackId]?.simulcastConfig?.enabled) {
     *   client.setTargetTrackEncoding(trackId, encoding);
     * }
     */
    getRemoteTracks() {
      return this.webrtc?.getRemoteTracks() ?? {};
    }
    /**
     * Returns a snapshot of currently received remote endpoints.
     */
    getRemoteEndpoints() {
      return this.webrtc?.getRemoteEndpoints() ?? {};
    }
    /**
     * Returns a snapshot of currently received remote peers.
     */
    getRemotePeers() {
      return Object.entries(this.webrtc?.getRemoteEndpoints() ?? {}).reduce((acc, [id, peer]) => {
        if (!isPeer(peer))
          return acc;
        acc[id] = peer;
        return acc;
      }, {});
    }
    getRemoteComponents() {
      return Object.entries(this.webrtc?.getRemoteEndpoints() ?? {}).reduce((acc, [id, component]) => {
        if (!isComponent(component))
          return acc;
        acc[id] = component;
        return acc;
      }, {});
    }
    getLocalEndpoint() {
      return this.webrtc?.getLocalEndpoint() || null;
    }
    getBandwidthEstimation() {
      if (!this.webrtc)
        throw Error("Webrtc not initialized");
      return this.webrtc?.getBandwidthEstimation();
    }
    setupCallbacks() {
      this.webrtc?.on("sendMediaEvent", (mediaEvent) => {
        const message = PeerMessage.encode({ mediaEvent: { data: mediaEvent } }).finish();
        this.websocket?.send(message);
      });
      this.webrtc?.on("connected", (peerId, endpointsInRoom) => {
        const peers = endpointsInRoom.filter((endpoint) => isPeer(endpoint)).map((peer) => peer);
        const components = endpointsInRoom.filter((endpoint) => isComponent(endpoint)).map((component) => component);
        this.emit("joined", peerId, peers, components);
      });
      this.webrtc?.on("disconnected", () => {
        this.emit("disconnected");
      });
      this.webrtc?.on("endpointAdded", (endpoint) => {
        if (isPeer(endpoint)) {
          this.emit("peerJoined", endpoint);
        }
        if (isComponent(endpoint)) {
          this.emit("componentAdded", endpoint);
        }
      });
      this.webrtc?.on("endpointRemoved", (endpoint) => {
        if (isPeer(endpoint)) {
          this.emit("peerLeft", endpoint);
        }
        if (isComponent(endpoint)) {
          this.emit("componentRemoved", endpoint);
        }
      });
      this.webrtc?.on("endpointUpdated", (endpoint) => {
        if (isPeer(endpoint)) {
          this.emit("peerUpdated", endpoint);
        }
        if (isComponent(endpoint)) {
          this.emit("componentUpdated", endpoint);
        }
      });
      this.webrtc?.on("trackReady", (ctx) => {
        if (!isPeer(ctx.endpoint))
          return;
        this.emit("trackReady", ctx);
      });
      this.webrtc?.on("trackAdded", (ctx) => {
        if (!isPeer(ctx.endpoint))
          return;
        this.emit("trackAdded", ctx);
      });
      this.webrtc?.on("trackRemoved", (ctx) => {
        if (!isPeer(ctx.endpoint))
          return;
        this.emit("trackRemoved", ctx);
        ctx.removeAllListeners();
      });
      this.webrtc?.on("trackUpdated", (ctx) => {
        if (!isPeer(ctx.endpoint))
          return;
        this.emit("trackUpdated", ctx);
      });
      this.webrtc?.on("tracksPriorityChanged", (enabledTracks, disabledTracks) => {
        this.emit("tracksPriorityChanged", enabledTracks, disabledTracks);
      });
      this.webrtc?.on("connectionError", (metadata) => {
        this.emit("joinError", metadata);
      });
      this.webrtc?.on("bandwidthEstimationChanged", (estimation) => {
        this.emit("bandwidthEstimationChanged", estimation);
      });
      this.webrtc?.on("targetTrackEncodingRequested", (event) => {
        this.emit("targetTrackEncodingRequested", event);
      });
      this.webrtc?.on("localTrackAdded", (event) => {
        this.emit("localTrackAdded", event);
      });
      this.webrtc?.on("localTrackRemoved", (event) => {
        this.emit("localTrackRemoved", event);
      });
      this.webrtc?.on("localTrackReplaced", (event) => {
        this.emit("localTrackReplaced", event);
      });
      this.webrtc?.on("localTrackBandwidthSet", (event) => {
        this.emit("localTrackBandwidthSet", event);
      });
      this.webrtc?.on("localTrackEncodingBandwidthSet", (event) => {
        this.emit("localTrackEncodingBandwidthSet", event);
      });
      this.webrtc?.on("localTrackEncodingEnabled", (event) => {
        this.emit("localTrackEncodingEnabled", event);
      });
      this.webrtc?.on("localTrackEncodingDisabled", (event) => {
        this.emit("localTrackEncodingDisabled", event);
      });
      this.webrtc?.on("localEndpointMetadataChanged", (event) => {
        this.emit("localEndpointMetadataChanged", event);
      });
      this.webrtc?.on("localTrackMetadataChanged", (event) => {
        this.emit("localTrackMetadataChanged", event);
      });
      this.webrtc?.on("disconnectRequested", (event) => {
        this.emit("disconnectRequested", event);
      });
    }
    /**
     * Register a callback to be called when the event is emitted.
     * Full list of callbacks can be found here {@link MessageEvents}.
     *
     * @example
     * ```ts
     * const callback = ()=>{  };
     *
     * client.on("onJoinSuccess", callback);
     * ```
     *
     * @param event - Event name from {@link MessageEvents}
     * @param listener - Callback function to be called when the event is emitted
     * @returns This
     */
    on(event, listener) {
      return super.on(event, listener);
    }
    /**
     * Remove a callback from the list of callbacks to be called when the event is emitted.
     *
     * @example
     * ```ts
     * const callback = ()=>{  };
     *
     * client.on("onJoinSuccess", callback);
     *
     * client.off("onJoinSuccess", callback);
     * ```
     *
     * @param event - Event name from {@link MessageEvents}
     * @param listener - Reference to function to be removed from called callbacks
     * @returns This
     */
    off(event, listener) {
      return super.off(event, listener);
    }
    handleWebRTCNotInitialized() {
      return new Error("WebRTC is not initialized");
    }
    /**
     * Adds track that will be sent to the RTC Engine.
     *
     * @example
     * ```ts
     * const localStream: MediaStream = new MediaStream();
     * try {
     *   const localAudioStream = await navigator.mediaDevices.getUserMedia(
     *     { audio: true }
     *   );
     *   localAudioStream
     *     .getTracks()
     *     .forEach((track) => localStream.addTrack(track));
     * } catch (error) {
     *   console.error("Couldn't get microphone permission:", error);
     * }
     *
     * try {
     *   const localVideoStream = await navigator.mediaDevices.getUserMedia(
     *     { video: true }
     *   );
     *   localVideoStream
     *     .getTracks()
     *     .forEach((track) => localStream.addTrack(track));
     * } catch (error) {
     *  console.error("Couldn't get camera permission:", error);
     * }
     *
     * localStream
     *  .getTracks()
     *  .forEach((track) => client.addTrack(track, localStream));
     * ```
     *
     * @param track - Audio or video track e.g. from your microphone or camera.
     * @param stream - Stream that this track belongs to.
     * @param trackMetadata - Any information about this track that other peers will receive in
     * {@link MessageEvents.peerJoined}. E.g. this can source of the track - wheather it's screensharing, webcam or some
     * other media device.
     * @param simulcastConfig - Simulcast configuration. By default, simulcast is disabled. For more information refer to
     * {@link !SimulcastConfig | SimulcastConfig}.
     * @param maxBandwidth - Maximal bandwidth this track can use. Defaults to 0 which is unlimited. This option has no
     * effect for simulcast and audio tracks. For simulcast tracks use {@link JellyfishClient.setTrackBandwidth}.
     * @returns {string} Returns id of added track
     */
    addTrack(track, stream, trackMetadata, simulcastConfig = { enabled: false, activeEncodings: [], disabledEncodings: [] }, maxBandwidth = 0) {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      return this.webrtc.addTrack(track, stream, trackMetadata, simulcastConfig, maxBandwidth);
    }
    /**
     * Replaces a track that is being sent to the RTC Engine.
     *
     * @example
     * ```ts
     * // setup camera
     * let localStream: MediaStream = new MediaStream();
     * try {
     *   localVideoStream = await navigator.mediaDevices.getUserMedia(
     *     VIDEO_CONSTRAINTS
     *   );
     *   localVideoStream
     *     .getTracks()
     *     .forEach((track) => localStream.addTrack(track));
     * } catch (error) {
     *   console.error("Couldn't get camera permission:", error);
     * }
     * let oldTrackId;
     * localStream
     *  .getTracks()
     *  .forEach((track) => trackId = webrtc.addTrack(track, localStream));
     *
     * // change camera
     * const oldTrack = localStream.getVideoTracks()[0];
     * let videoDeviceId = "abcd-1234";
     * navigator.mediaDevices.getUserMedia({
     *      video: {
     *        ...(VIDEO_CONSTRAINTS as {}),
     *        deviceId: {
     *          exact: videoDeviceId,
     *        },
     *      }
     *   })
     *   .then((stream) => {
     *     let videoTrack = stream.getVideoTracks()[0];
     *     webrtc.replaceTrack(oldTrackId, videoTrack);
     *   })
     *   .catch((error) => {
     *     console.error('Error switching camera', error);
     *   })
     * ```
     *
     * @param {string} trackId - Id of audio or video track to replace.
     * @param {MediaStreamTrack} newTrack - New audio or video track.
     * @param {TrackMetadata} [newTrackMetadata] - Optional track metadata to apply to the new track. If no track metadata is passed, the
     * old track metadata is retained.
     * @returns {Promise<boolean>} Success
     */
    async replaceTrack(trackId, newTrack, newTrackMetadata) {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      return this.webrtc.replaceTrack(trackId, newTrack, newTrackMetadata);
    }
    /**
     * Updates maximum bandwidth for the track identified by trackId. This value directly translates to quality of the
     * stream and, in case of video, to the amount of RTP packets being sent. In case trackId points at the simulcast
     * track bandwidth is split between all of the variant streams proportionally to their resolution.
     *
     * @param {string} trackId
     * @param {BandwidthLimit} bandwidth In kbps
     * @returns {Promise<boolean>} Success
     */
    setTrackBandwidth(trackId, bandwidth) {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      return this.webrtc.setTrackBandwidth(trackId, bandwidth);
    }
    /**
     * Updates maximum bandwidth for the given simulcast encoding of the given track.
     *
     * @param {string} trackId - Id of the track
     * @param {string} rid - Rid of the encoding
     * @param {BandwidthLimit} bandwidth - Desired max bandwidth used by the encoding (in kbps)
     * @returns
     */
    setEncodingBandwidth(trackId, rid, bandwidth) {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      return this.webrtc.setEncodingBandwidth(trackId, rid, bandwidth);
    }
    /**
     * Removes a track from connection that was being sent to the RTC Engine.
     *
     * @example
     * ```ts
     * // setup camera
     * let localStream: MediaStream = new MediaStream();
     * try {
     *   localVideoStream = await navigator.mediaDevices.getUserMedia(
     *     VIDEO_CONSTRAINTS
     *   );
     *   localVideoStream
     *     .getTracks()
     *     .forEach((track) => localStream.addTrack(track));
     * } catch (error) {
     *   console.error("Couldn't get camera permission:", error);
     * }
     *
     * let trackId
     * localStream
     *  .getTracks()
     *  .forEach((track) => trackId = webrtc.addTrack(track, localStream));
     *
     * // remove track
     * webrtc.removeTrack(trackId)
     * ```
     *
     * @param {string} trackId - Id of audio or video track to remove.
     */
    removeTrack(trackId) {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      return this.webrtc.removeTrack(trackId);
    }
    /**
     * Sets track encoding that server should send to the client library.
     *
     * The encoding will be sent whenever it is available. If chosen encoding is temporarily unavailable, some other
     * encoding will be sent until chosen encoding becomes active again.
     *
     * @example
     * ```ts
     * webrtc.setTargetTrackEncoding(incomingTrackCtx.trackId, "l")
     * ```
     *
     * @param {string} trackId - Id of track
     * @param {TrackEncoding} encoding - Encoding to receive
     */
    setTargetTrackEncoding(trackId, encoding) {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      return this.webrtc.setTargetTrackEncoding(trackId, encoding);
    }
    /**
     * Enables track encoding so that it will be sent to the server.
     *
     * @example
     * ```ts
     * const trackId = webrtc.addTrack(track, stream, {}, {enabled: true, active_encodings: ["l", "m", "h"]});
     * webrtc.disableTrackEncoding(trackId, "l");
     * // wait some time
     * webrtc.enableTrackEncoding(trackId, "l");
     * ```
     *
     * @param {string} trackId - Id of track
     * @param {TrackEncoding} encoding - Encoding that will be enabled
     */
    enableTrackEncoding(trackId, encoding) {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      return this.webrtc.enableTrackEncoding(trackId, encoding);
    }
    /**
     * Disables track encoding so that it will be no longer sent to the server.
     *
     * @example
     * ```ts
     * const trackId = webrtc.addTrack(track, stream, {}, {enabled: true, active_encodings: ["l", "m", "h"]});
     * webrtc.disableTrackEncoding(trackId, "l");
     * ```
     *
     * @param {string} trackId - Id of track
     * @param {rackEncoding} encoding - Encoding that will be disabled
     */
    disableTrackEncoding(trackId, encoding) {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      return this.webrtc.disableTrackEncoding(trackId, encoding);
    }
    /**
     * Updates the metadata for the current peer.
     *
     * @param peerMetadata - Data about this peer that other peers will receive upon joining.
     *
     * If the metadata is different from what is already tracked in the room, the event {@link MessageEvents.peerUpdated} will
     * be emitted for other peers in the room.
     */
    updatePeerMetadata = (peerMetadata) => {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      this.webrtc.updateEndpointMetadata(peerMetadata);
    };
    /**
     * Updates the metadata for a specific track.
     *
     * @param trackId - TrackId (generated in addTrack) of audio or video track.
     * @param trackMetadata - Data about this track that other peers will receive upon joining.
     *
     * If the metadata is different from what is already tracked in the room, the event {@link MessageEvents.trackUpdated} will
     * be emitted for other peers in the room.
     */
    updateTrackMetadata = (trackId, trackMetadata) => {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      this.webrtc.updateTrackMetadata(trackId, trackMetadata);
    };
    /**
     * Leaves the room. This function should be called when user leaves the room in a clean way e.g. by clicking a
     * dedicated, custom button `disconnect`. As a result there will be generated one more media event that should be sent
     * to the RTC Engine. Thanks to it each other peer will be notified that peer left in {@link MessageEvents.peerLeft},
     */
    leave = () => {
      if (!this.webrtc)
        throw this.handleWebRTCNotInitialized();
      this.webrtc.disconnect();
    };
    // https://developer.mozilla.org/en-US/docs/Web/API/WebSocket/readyState
    isOpen(websocket) {
      return websocket?.readyState === 1;
    }
    /**
     * Disconnect from the room, and close the websocket connection. Tries to leave the room gracefully, but if it fails,
     * it will close the websocket anyway.
     *
     * @example
     * ```typescript
     * const client = new JellyfishClient<PeerMetadata, TrackMetadata>();
     *
     * client.connect({ ... });
     *
     * client.disconnect();
     * ```
     */
    disconnect() {
      try {
        this.webrtc?.removeAllListeners();
        this.webrtc?.disconnect();
        this.webrtc?.cleanUp();
      } catch (e) {
        console.warn(e);
      }
      this.removeEventListeners?.();
      this.removeEventListeners = null;
      if (this.isOpen(this.websocket || null)) {
        this.websocket?.close();
      }
      this.websocket = null;
      this.webrtc = null;
      this.emit("disconnected");
    }
  };

  // page-entry.js
  var report = (event, data) => window.__report({ event, data: data ?? null });
  var peerView = (peer) => ({ id: peer.id, type: peer.type, metadata: peer.metadata ?? null });
  window.jf = {
    client: null,
    connect({ token, metadata, host }) {
      const client = new JellyfishClient();
      this.client = client;
      client.on("socketOpen", () => report("socketOpen"));
      client.on("socketError", () => report("socketError"));
      client.on("socketClose", (e) => report("socketClose", { code: e.code, reason: e.reason }));
      client.on("authSuccess", () => report("authSuccess"));
      client.on("authError", (reason) => report("authError", { reason }));
      client.on("joined", (peerId, peers, components) => report("joined", { peerId, peers: peers.map(peerView), components: components.map(peerView) }));
      client.on("joinError", (metadata2) => report("joinError", { metadata: metadata2 }));
      client.on("peerJoined", (peer) => report("peerJoined", peerView(peer)));
      client.on("peerUpdated", (peer) => report("peerUpdated", peerView(peer)));
      client.on("peerLeft", (peer) => report("peerLeft", peerView(peer)));
      client.on("disconnected", () => report("disconnected"));
      client.on("connectionError", (message) => report("connectionError", { message }));
      client.connect({ token, peerMetadata: metadata, signaling: { host, protocol: "ws", path: "/socket/peer/websocket" } });
    },
    updateMetadata(metadata) {
      this.client.updatePeerMetadata(metadata);
    },
    disconnect() {
      this.client.disconnect();
    }
  };
})();
/*! Bundled license information:

long/umd/index.js:
  (**
   * @license
   * Copyright 2009 The Closure Library Authors
   * Copyright 2020 Daniel Wirtz / The long.js Authors.
   *
   * Licensed under the Apache License, Version 2.0 (the "License");
   * you may not use this file except in compliance with the License.
   * You may obtain a copy of the License at
   *
   *     http://www.apache.org/licenses/LICENSE-2.0
   *
   * Unless required by applicable law or agreed to in writing, software
   * distributed under the License is distributed on an "AS IS" BASIS,
   * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
   * See the License for the specific language governing permissions and
   * limitations under the License.
   *
   * SPDX-License-Identifier: Apache-2.0
   *)
*/
