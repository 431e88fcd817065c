"""Test doubles, shipped with the package so the tests and the benchmarks share one version.

    openai_server  a real OpenAI-compatible HTTP server on 127.0.0.1, scripted reply by reply
    drafts         drafts of the sample document as a model might write them
    engines        a backend that answers, fails or hangs; an engine that summarizes at once
    summaries      a well-formed Summary without running the pipeline
    http           uvicorn in a thread: a real server for an app under test
    chat_platform  Slack's and Discord's reply endpoints; the chat routes alone (`chat_app`)
    chat_apis      Slack's Web API and Discord's REST API, holding conversations to read
    servers        real Redis and PostgreSQL from the Debian packages, on 127.0.0.1

Nothing outside tests/ and bench/ imports from here.
"""
