package mermaid

import "testing"

// TestConformance parses one diagram per feature of the flowchart syntax
// and compares the parsed graph, fact by fact.
func TestConformance(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{
			"header and directions",
			"graph LR\n  A --> B",
			`dir LR
node A rect "A"
node B rect "B"
edge A B normal -arrow len=1
`,
		},
		{
			"flowchart TD",
			"flowchart TD\nA-->B",
			`dir TB
node A rect "A"
node B rect "B"
edge A B normal -arrow len=1
`,
		},
		{
			"bottom to top, semicolons",
			"graph BT;A-->B;B-->C;",
			`dir BT
node A rect "A"
node B rect "B"
node C rect "C"
edge A B normal -arrow len=1
edge B C normal -arrow len=1
`,
		},
		{
			"right to left",
			"flowchart RL\n A --> B",
			`dir RL
node A rect "A"
node B rect "B"
edge A B normal -arrow len=1
`,
		},
		{
			"comments and directives",
			"%%{init: {\"theme\": \"dark\"}}%%\n%% a comment\nflowchart TB\n  A --> B %% trailing comment\n",
			`dir TB
node A rect "A"
node B rect "B"
edge A B normal -arrow len=1
`,
		},
		{
			"front matter title",
			"---\ntitle: \"Order flow\"\nconfig:\n  theme: base\n---\nflowchart LR\n  A --> B",
			`dir LR
title "Order flow"
node A rect "A"
node B rect "B"
edge A B normal -arrow len=1
`,
		},
		{
			"classic shapes",
			"flowchart TB\n  a[rect] --> b(rounded) --> c([stadium]) --> d[[subroutine]]\n  e[(cylinder)] --> f((circle)) --> g(((double))) --> h>asym]\n  i{diamond} --> j{{hexagon}} --> k[/lean right/] --> l[\\lean left\\]\n  m[/trapezoid\\] --> n[\\trapezoid down/]",
			`dir TB
node a rect "rect"
node b rounded "rounded"
node c stadium "stadium"
node d subroutine "subroutine"
node e cylinder "cylinder"
node f circle "circle"
node g double-circle "double"
node h asymmetric "asym"
node i diamond "diamond"
node j hexagon "hexagon"
node k lean-right "lean right"
node l lean-left "lean left"
node m trapezoid "trapezoid"
node n trapezoid-down "trapezoid down"
edge a b normal -arrow len=1
edge b c normal -arrow len=1
edge c d normal -arrow len=1
edge e f normal -arrow len=1
edge f g normal -arrow len=1
edge g h normal -arrow len=1
edge i j normal -arrow len=1
edge j k normal -arrow len=1
edge k l normal -arrow len=1
edge m n normal -arrow len=1
`,
		},
		{
			"new shape syntax",
			"flowchart TB\n  A@{ shape: diam, label: \"Decide?\" }\n  B@{ shape: cyl }\n  C@{ shape: stadium, label: \"Go, now\" } --> A",
			`dir TB
node A diamond "Decide?"
node B cylinder "B"
node C stadium "Go, now"
edge C A normal -arrow len=1
`,
		},
		{
			"quoted labels, entities, breaks",
			"flowchart TB\n  A[\"a [bracketed] (label)\"] --> B[\"#quot;quoted#quot; #35; #9829;\"]\n  B --> C[first<br>second<br/>third]",
			`dir TB
node A rect "a [bracketed] (label)"
node B rect "\"quoted\" # ♥"
node C rect "first\nsecond\nthird"
edge A B normal -arrow len=1
edge B C normal -arrow len=1
`,
		},
		{
			"HTML entities",
			"flowchart TB\n  A[\"R&amp;D &lt;b&gt;\"] --> B[\"&#9829; &#x2665; &quot;q&quot; a&nbsp;b\"]\n  B --> C[\"AT&T &ampx; &#1; #1; &bogus;\"]",
			`dir TB
node A rect "R&D <b>"
node B rect "♥ ♥ \"q\" a\u00a0b"
node C rect "AT&T &ampx; &#1; #1; &bogus;"
edge A B normal -arrow len=1
edge B C normal -arrow len=1
`,
		},
		{
			"markdown strings",
			"flowchart LR\n  A[\"`**bold** and *italic*\n  second line`\"] --> B",
			`dir LR
node A rect "**bold** and *italic*\nsecond line" md
node B rect "B"
edge A B normal -arrow len=1
`,
		},
		{
			"edge kinds",
			"flowchart LR\n  A --> B\n  A --- C\n  A -.-> D\n  A -.- E\n  A ==> F\n  A === G\n  A ~~~ H\n  A --o I\n  A --x J\n  A <--> K\n  A o--o L\n  A x--x M",
			`dir LR
node A rect "A"
node B rect "B"
node C rect "C"
node D rect "D"
node E rect "E"
node F rect "F"
node G rect "G"
node H rect "H"
node I rect "I"
node J rect "J"
node K rect "K"
node L rect "L"
node M rect "M"
edge A B normal -arrow len=1
edge A C normal - len=1
edge A D dotted -arrow len=1
edge A E dotted - len=1
edge A F thick -arrow len=1
edge A G thick - len=1
edge A H invisible - len=1
edge A I normal -circle len=1
edge A J normal -cross len=1
edge A K normal arrow-arrow len=1
edge A L normal circle-circle len=1
edge A M normal cross-cross len=1
`,
		},
		{
			"longer edges",
			"flowchart TB\n  A ---> B\n  A ----> C\n  A -..-> D\n  A ===> E\n  A ------ F",
			`dir TB
node A rect "A"
node B rect "B"
node C rect "C"
node D rect "D"
node E rect "E"
node F rect "F"
edge A B normal -arrow len=2
edge A C normal -arrow len=3
edge A D dotted -arrow len=2
edge A E thick -arrow len=2
edge A F normal - len=4
`,
		},
		{
			"edge labels",
			"flowchart TB\n  A -->|yes| B\n  A -- no --> C\n  A -. maybe .-> D\n  A == sure ==> E\n  A ---|plain| F\n  A -- \"quoted, text\" --- G",
			`dir TB
node A rect "A"
node B rect "B"
node C rect "C"
node D rect "D"
node E rect "E"
node F rect "F"
node G rect "G"
edge A B normal -arrow len=1 "yes"
edge A C normal -arrow len=1 "no"
edge A D dotted -arrow len=1 "maybe"
edge A E thick -arrow len=1 "sure"
edge A F normal - len=1 "plain"
edge A G normal - len=1 "quoted, text"
`,
		},
		{
			"chains and ampersands",
			"flowchart LR\n  A --> B --> C\n  D & E --> F & G",
			`dir LR
node A rect "A"
node B rect "B"
node C rect "C"
node D rect "D"
node E rect "E"
node F rect "F"
node G rect "G"
edge A B normal -arrow len=1
edge B C normal -arrow len=1
edge D F normal -arrow len=1
edge D G normal -arrow len=1
edge E F normal -arrow len=1
edge E G normal -arrow len=1
`,
		},
		{
			"CJK everywhere",
			"graph TD\n  开始[容器化] -->|是| 结束{完成?}",
			`dir TB
node 开始 rect "容器化"
node 结束 diamond "完成?"
edge 开始 结束 normal -arrow len=1 "是"
`,
		},
		{
			"subgraphs",
			"flowchart TB\n  c1-->a2\n  subgraph one\n    a1-->a2\n  end\n  subgraph ide1 [two words]\n    direction LR\n    b1-->b2\n    subgraph inner[\"Inner title\"]\n      x1\n    end\n  end\n  subgraph three\n  end\n  one --> ide1\n  c1 --> three",
			`dir TB
node c1 rect "c1"
node a2 rect "a2" in=one
node a1 rect "a1" in=one
node b1 rect "b1" in=ide1
node b2 rect "b2" in=ide1
node x1 rect "x1" in=inner
edge c1 a2 normal -arrow len=1
edge a1 a2 normal -arrow len=1
edge b1 b2 normal -arrow len=1
edge one ide1 normal -arrow len=1
edge c1 three normal -arrow len=1
sub one "one"
sub ide1 "two words" dir=LR
sub inner "Inner title" in=ide1
sub three "three"
`,
		},
		{
			"classes and styles",
			"flowchart LR\n  A:::hot --> B\n  classDef hot fill:#f96,stroke:#333,stroke-width:4px\n  classDef cool fill:rgb(1, 2, 3),color:#fff\n  class B cool\n  style A stroke-dasharray: 5 5,color:red\n  linkStyle 0 stroke:#ff3,stroke-width:4px",
			`dir LR
node A rect "A" class=hot style=stroke-dasharray:5 5;color:red
node B rect "B" class=cool
edge A B normal -arrow len=1 style=stroke:#ff3;stroke-width:4px
classDef cool fill:rgb(1, 2, 3);color:#fff
classDef hot fill:#f96;stroke:#333;stroke-width:4px
`,
		},
		{
			"click",
			"flowchart LR\n  A --> B\n  click A \"https://example.com/a\" \"Open A\" _blank\n  click B href \"/docs/b\"\n  click A callback",
			`dir LR
node A rect "A" link="https://example.com/a" tip="Open A"
node B rect "B" link="/docs/b" tip=""
edge A B normal -arrow len=1
`,
		},
		{
			"accessibility",
			"flowchart LR\n  accTitle: Big picture\n  accDescr { Two steps,\n  then done }\n  A --> B",
			`dir LR
acc "Big picture" "Two steps, then done"
node A rect "A"
node B rect "B"
edge A B normal -arrow len=1
`,
		},
		{
			"ids with dashes and dots",
			"flowchart LR\n  node-1 --> v1.2\n  a-b-->c",
			`dir LR
node node-1 rect "node-1"
node v1.2 rect "v1.2"
node a-b rect "a-b"
node c rect "c"
edge node-1 v1.2 normal -arrow len=1
edge a-b c normal -arrow len=1
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			if got := dump(g); got != tt.want {
				t.Errorf("Parse(%q):\ngot\n%s\nwant\n%s", tt.src, got, tt.want)
			}
		})
	}
}
