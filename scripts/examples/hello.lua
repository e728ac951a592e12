-- hello.lua: what a stackrun script looks like, without a cloud.
-- Run it with: stackrun run scripts/examples/hello.lua [name]
local name = arg[1] or "world"
log.info("starting", {name = name})

-- Three "requests" at once: each task sleeps as if waiting on an API, and
-- parallel.map returns their results in order. This takes about 0.3 s, not 0.6 s.
local greetings = parallel.map({"hello", "hej", "bonjour"}, function(word, i)
  sleep(0.1 * i)
  return string.format("%s, %s", word, name)
end, {limit = 3})

-- JSON keeps integers and floats apart, and knows an empty list from an empty object.
local document = json.decode('{"count": 3, "ratio": 1.0, "tags": [], "meta": {}}')
log.info("decoded", {count_type = math.type(document.count), ratio_type = math.type(document.ratio)})

-- Whatever the script returns is printed on stdout as JSON.
return {greetings = greetings, document = document}
