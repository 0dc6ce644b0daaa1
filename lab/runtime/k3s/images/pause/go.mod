module dhakacart.dev/lab/pause

go 1.24
