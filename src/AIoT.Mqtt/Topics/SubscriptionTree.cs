namespace AIoT.Mqtt.Topics;

/// <summary>
/// Subscriptions indexed by topic level, so a publish visits only the branches its topic can match: the exact
/// level, '+' and '#'. Thread-safe: reads and writes take a reader-writer lock.
/// </summary>
/// <typeparam name="TSubscriber">Whatever the broker hangs on a subscription.</typeparam>
public sealed class SubscriptionTree<TSubscriber> where TSubscriber : class
{
    private readonly Node _root = new();
    private readonly ReaderWriterLockSlim _lock = new();
    /// <summary>Adds or replaces the subscriber's entry for this filter; true when it was not there before.</summary>
    public bool Add(string filter, TSubscriber subscriber, object? key = null)
    {
        _lock.EnterWriteLock();
        try
        {
            var node = _root;
            foreach (var level in filter.Split('/'))
            {
                node = node.Child(level, create: true)!;
            }

            var entryKey = key ?? subscriber;
            var added = !node.Subscribers.ContainsKey(entryKey);
            node.Subscribers[entryKey] = subscriber;
            return added;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public bool Remove(string filter, object key)
    {
        _lock.EnterWriteLock();
        try
        {
            var path = new List<(Node Node, string Level)>();
            var node = _root;
            foreach (var level in filter.Split('/'))
            {
                var next = node.Child(level, create: false);
                if (next is null)
                {
                    return false;
                }

                path.Add((node, level));
                node = next;
            }

            if (!node.Subscribers.Remove(key))
            {
                return false;
            }

            for (var i = path.Count - 1; i >= 0 && node.IsEmpty; i--)
            {
                path[i].Node.RemoveChild(path[i].Level);
                node = path[i].Node;
            }

            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Every subscriber whose filter matches <paramref name="topic"/>, with the $-topic rule.</summary>
    public void Match(string topic, List<TSubscriber> into)
    {
        var levels = topic.Split('/');
        _lock.EnterReadLock();
        try
        {
            Collect(_root, levels, 0, topic.StartsWith('$'), into);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private static void Collect(Node node, string[] levels, int depth, bool systemTopic, List<TSubscriber> into)
    {
        var wildcardsAllowed = !(systemTopic && depth == 0);
        if (wildcardsAllowed && node.Hash is { } hash)
        {
            into.AddRange(hash.Subscribers.Values);
        }

        if (depth == levels.Length)
        {
            into.AddRange(node.Subscribers.Values);
            return;
        }

        if (node.Children is not null && node.Children.TryGetValue(levels[depth], out var exact))
        {
            Collect(exact, levels, depth + 1, systemTopic, into);
        }

        if (wildcardsAllowed && node.Plus is { } plus)
        {
            Collect(plus, levels, depth + 1, systemTopic, into);
        }
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children;
        public Node? Plus;
        public Node? Hash;
        public readonly Dictionary<object, TSubscriber> Subscribers = [];

        public bool IsEmpty => Subscribers.Count == 0 && Plus is null && Hash is null && (Children is null || Children.Count == 0);

        public Node? Child(string level, bool create) => level switch
        {
            "+" => Plus ??= create ? new Node() : null,
            "#" => Hash ??= create ? new Node() : null,
            _ => Children is not null && Children.TryGetValue(level, out var child) ? child
                : create ? (Children ??= new Dictionary<string, Node>(StringComparer.Ordinal))[level] = new Node() : null,
        };

        public void RemoveChild(string level)
        {
            switch (level)
            {
                case "+": Plus = null; break;
                case "#": Hash = null; break;
                default: Children?.Remove(level); break;
            }
        }
    }
}
